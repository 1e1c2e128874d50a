package server

import (
	"bytes"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"time"
)

// spa serves the built single-page app: files as they are (hashed assets cached for a year),
// and index.html for every other path so that client-side routes survive a reload.
func spa(static fs.FS) http.Handler {
	var index []byte
	err := fs.ErrNotExist
	if static != nil {
		index, err = fs.ReadFile(static, "index.html")
	}
	if err != nil {
		return http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte(notBuilt))
		})
	}
	files := http.FileServerFS(static)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		name := strings.TrimPrefix(path.Clean(r.URL.Path), "/")
		if name != "" && name != "index.html" {
			if st, err := fs.Stat(static, name); err == nil && !st.IsDir() {
				if strings.HasPrefix(name, "assets/") {
					w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
				} else {
					w.Header().Set("Cache-Control", "no-cache")
				}
				files.ServeHTTP(w, r)
				return
			}
			if strings.HasPrefix(name, "assets/") {
				http.NotFound(w, r) // a missing asset is an error, not a route
				return
			}
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "no-cache")
		http.ServeContent(w, r, "index.html", time.Time{}, bytes.NewReader(index))
	})
}

const notBuilt = `<!doctype html><html lang="nb"><meta charset="utf-8"><title>Egenkontroll</title>
<body style="font-family:sans-serif;max-width:40rem;margin:4rem auto">
<h1>Egenkontroll</h1><p>Nettleserappen er ikke bygget. Kjør <code>make run</code>, som bygger den.</p>
<p lang="en">The web app has not been built. Run <code>make run</code>, which builds it. The GraphQL API is at <a href="/graphql">/graphql</a>.</p></body></html>`
