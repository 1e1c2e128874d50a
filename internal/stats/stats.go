// Package stats holds the small set of statistics shown to child welfare
// services, county governors and Helsetilsynet. The aim is honesty with small
// numbers: proportions come with confidence intervals, changes with a test
// that says whether they are beyond random variation, and run charts use the
// standard improvement-work rules instead of eyeballing.
package stats
