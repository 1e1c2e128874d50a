package domain

import (
	"context"
	"strings"
)

type langKey struct{}

// WithLang returns a context carrying the caller's language.
func WithLang(ctx context.Context, l Lang) context.Context {
	return context.WithValue(ctx, langKey{}, l)
}

// LangFrom returns the caller's language, Bokmål by default.
func LangFrom(ctx context.Context) Lang {
	if l, ok := ctx.Value(langKey{}).(Lang); ok {
		return l
	}
	return LangNB
}

// ParseAcceptLanguage picks nb, nn or en from an Accept-Language header, in the caller's order of
// preference; "no" and "nb-NO" mean Bokmål, "nn-NO" Nynorsk.
func ParseAcceptLanguage(h string) Lang {
	for _, part := range strings.Split(h, ",") {
		tag := strings.ToLower(strings.TrimSpace(strings.SplitN(part, ";", 2)[0]))
		switch {
		case strings.HasPrefix(tag, "nn"):
			return LangNN
		case strings.HasPrefix(tag, "nb"), strings.HasPrefix(tag, "no"):
			return LangNB
		case strings.HasPrefix(tag, "en"):
			return LangEN
		}
	}
	return LangNB
}
