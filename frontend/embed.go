// Package frontend embeds the built single-page app (frontend/dist) into the Go binary.
package frontend

import "embed"

// Dist holds the output of `npm run build`. Only a placeholder is committed; `make run` builds it.
//
//go:embed all:dist
var Dist embed.FS
