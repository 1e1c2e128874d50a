package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// errInternal marks an unexpected error that was logged and must not reach the client as it is.
var errInternal = errors.New("internal error")

// presentError turns errors into GraphQL errors with a stable extensions.code and a message in the
// caller's language.
func presentError(ctx context.Context, err error) *gqlerror.Error {
	gqlErr := graphql.DefaultErrorPresenter(ctx, err)
	if de, ok := domain.AsError(err); ok {
		gqlErr.Message = de.Message(domain.LangFrom(ctx))
		ext := map[string]any{"code": string(de.Code)}
		if de.Field != "" {
			ext["field"] = de.Field
		}
		for k, v := range de.Extra {
			if l, ok := v.(domain.Localizer); ok {
				v = l.Localize(domain.LangFrom(ctx))
			}
			ext[k] = v
		}
		gqlErr.Extensions = ext
		return gqlErr
	}
	if errors.Is(err, errInternal) {
		gqlErr.Message = domain.Text{
			NB: "Det oppstod en uventet feil. Ingenting ble endret. Prøv igjen om litt.",
			NN: "Det oppstod ein uventa feil. Ingenting vart endra. Prøv igjen om litt.",
			EN: "An unexpected error occurred. Nothing was changed. Please try again shortly.",
		}.In(domain.LangFrom(ctx))
		gqlErr.Extensions = map[string]any{"code": string(domain.CodeInternal)}
		return gqlErr
	}
	if gqlErr.Extensions != nil && gqlErr.Extensions["code"] == "COMPLEXITY_LIMIT_EXCEEDED" {
		gqlErr.Extensions["code"] = string(domain.CodeTooExpensive) // one code for every cost limit
		var got, limit int
		if _, err := fmt.Sscanf(gqlErr.Message, "operation has complexity %d, which exceeds the limit of %d", &got, &limit); err == nil {
			gqlErr.Message = domain.Text{
				NB: fmt.Sprintf("Spørringen er for kostbar (kompleksitet %d, høyst %d). Be om færre rader per side eller færre felt.", got, limit),
				NN: fmt.Sprintf("Spørjinga er for kostbar (kompleksitet %d, høgst %d). Be om færre rader per side eller færre felt.", got, limit),
				EN: fmt.Sprintf("The query is too expensive (complexity %d, at most %d). Ask for fewer rows per page or fewer fields.", got, limit),
			}.In(domain.LangFrom(ctx))
		}
		return gqlErr
	}
	if gqlErr.Extensions == nil || gqlErr.Extensions["code"] == nil {
		// Argument coercion errors (a malformed ID, an unknown enum value) come from gqlgen itself.
		if gqlErr.Extensions == nil {
			gqlErr.Extensions = map[string]any{}
		}
		gqlErr.Extensions["code"] = string(domain.CodeBadInput)
	}
	return gqlErr
}

// hideInternal logs a resolver error that is not a rule violation and replaces it with a generic
// INTERNAL error, so database details never leak to clients.
func hideInternal(ctx context.Context, log *slog.Logger, err error) error {
	if _, ok := domain.AsError(err); ok {
		return err
	}
	if store.IsTimeout(err) || errors.Is(err, context.DeadlineExceeded) {
		return &domain.Error{Code: domain.CodeQueryTimeout, Text: domain.Text{
			NB: "Spørringen tok for lang tid og ble stoppet. Ingenting ble endret. Be om mindre, eller bla i sider.",
			NN: "Spørjinga tok for lang tid og vart stoppa. Ingenting vart endra. Be om mindre, eller bla i sider.",
			EN: "The query took too long and was stopped. Nothing was changed. Ask for less, or page."}}
	}
	var gqlErr *gqlerror.Error
	if errors.As(err, &gqlErr) {
		return err
	}
	fc := graphql.GetFieldContext(ctx)
	log.ErrorContext(ctx, "resolver failed", "path", fc.Path().String(), "err", err)
	return errInternal
}
