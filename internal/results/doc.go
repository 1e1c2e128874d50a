// Package results owns what the statistics and reports compute from counted rows: option shares
// with their clustered intervals, the figures of a round and of its breakdowns, comparisons between
// rounds, trend lines, the summary of a form, the differences between two submitted revisions, and
// which figures small-number protection withholds and why.
//
// It knows nothing of SQL or HTTP: internal/store reads the rows and hands them here, so every rule
// in this package is tested without a database.
package results
