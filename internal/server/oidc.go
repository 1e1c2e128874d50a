package server

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/egenkontroll/egenkontroll/internal/store"
)

// OIDCConfig configures OpenID Connect log-in (the production path; ID-porten, Entra ID, Keycloak …).
type OIDCConfig struct {
	Issuer       string
	ClientID     string
	ClientSecret string
	RedirectURL  string // https://egenkontroll.example.no/auth/oidc/callback
	// Claim maps a person to an account: its value is matched against the account's OIDC subject
	// and then its user name (default "email").
	Claim string
}

// Paths of the OpenID Connect flow.
const (
	OIDCLoginPath    = "/auth/oidc/login"
	OIDCCallbackPath = "/auth/oidc/callback"
	oidcStateCookie  = "egk_oidc"
)

type oidcClient struct {
	cfg      OIDCConfig
	mu       sync.Mutex
	provider *oidc.Provider
}

// get discovers the provider on first use, so the server starts even while the provider is down.
func (o *oidcClient) get(ctx context.Context) (*oidc.Provider, *oauth2.Config, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.provider == nil {
		p, err := oidc.NewProvider(ctx, o.cfg.Issuer)
		if err != nil {
			return nil, nil, fmt.Errorf("discover OpenID provider %s: %w", o.cfg.Issuer, err)
		}
		o.provider = p
	}
	return o.provider, &oauth2.Config{ClientID: o.cfg.ClientID, ClientSecret: o.cfg.ClientSecret, RedirectURL: o.cfg.RedirectURL,
		Endpoint: o.provider.Endpoint(), Scopes: []string{oidc.ScopeOpenID, "profile", "email"}}, nil
}

func randomString() string {
	b := make([]byte, 24)
	_, _ = rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func (s *Server) mountOIDC(mux *http.ServeMux) error {
	if s.cfg.OIDC == nil {
		return nil
	}
	cfg := *s.cfg.OIDC
	if cfg.Issuer == "" || cfg.ClientID == "" || cfg.RedirectURL == "" {
		return errors.New("OpenID Connect needs an issuer, a client id and a redirect URL")
	}
	if cfg.Claim == "" {
		cfg.Claim = "email"
	}
	client := &oidcClient{cfg: cfg}
	mux.HandleFunc("GET "+OIDCLoginPath, func(w http.ResponseWriter, r *http.Request) {
		_, oc, err := client.get(r.Context())
		if err != nil {
			s.log.Error("oidc login", "err", err)
			http.Redirect(w, r, "/?innlogging=feilet", http.StatusFound)
			return
		}
		state, nonce, verifier := randomString(), randomString(), oauth2.GenerateVerifier()
		value := state + "." + nonce + "." + verifier
		// Accepting an invitation through the identity provider: the link's secret rides along
		// in the same short-lived HttpOnly cookie and is used by the callback.
		if inv := r.URL.Query().Get("invitation"); inv != "" {
			if !invitationSecretRE.MatchString(inv) {
				http.Redirect(w, r, "/?innlogging=feilet", http.StatusFound)
				return
			}
			value += "." + inv
		}
		http.SetCookie(w, &http.Cookie{Name: oidcStateCookie, Value: value, Path: "/auth/oidc/",
			MaxAge: 600, HttpOnly: true, Secure: s.secureRequest(r), SameSite: http.SameSiteLaxMode})
		http.Redirect(w, r, oc.AuthCodeURL(state, oidc.Nonce(nonce), oauth2.S256ChallengeOption(verifier)), http.StatusFound)
	})
	mux.HandleFunc("GET "+OIDCCallbackPath, func(w http.ResponseWriter, r *http.Request) {
		if err := s.oidcCallback(w, r, client); err != nil {
			s.log.Warn("oidc callback refused", "err", err)
			http.Redirect(w, r, "/?innlogging=feilet", http.StatusFound)
			return
		}
		http.Redirect(w, r, "/", http.StatusFound)
	})
	return nil
}

func (s *Server) oidcCallback(w http.ResponseWriter, r *http.Request, client *oidcClient) error {
	ctx := r.Context()
	c, err := r.Cookie(oidcStateCookie)
	if err != nil {
		return errors.New("no log-in in progress")
	}
	http.SetCookie(w, &http.Cookie{Name: oidcStateCookie, Path: "/auth/oidc/", MaxAge: -1})
	parts := strings.Split(c.Value, ".")
	if (len(parts) != 3 && len(parts) != 4) || parts[0] != r.URL.Query().Get("state") {
		return errors.New("state does not match")
	}
	nonce, verifier, invitation := parts[1], parts[2], ""
	if len(parts) == 4 {
		invitation = parts[3]
	}
	if e := r.URL.Query().Get("error"); e != "" {
		return fmt.Errorf("provider refused: %s", e)
	}
	provider, oc, err := client.get(ctx)
	if err != nil {
		return err
	}
	tctx, cancel := context.WithTimeout(ctx, 15*time.Second)
	defer cancel()
	tok, err := oc.Exchange(tctx, r.URL.Query().Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		return fmt.Errorf("exchange code: %w", err)
	}
	raw, ok := tok.Extra("id_token").(string)
	if !ok {
		return errors.New("no id_token in the token response")
	}
	idt, err := provider.Verifier(&oidc.Config{ClientID: client.cfg.ClientID}).Verify(tctx, raw)
	if err != nil {
		return fmt.Errorf("verify id_token: %w", err)
	}
	if idt.Nonce != nonce {
		return errors.New("nonce does not match")
	}
	var claims map[string]any
	if err := idt.Claims(&claims); err != nil {
		return err
	}
	value, _ := claims[client.cfg.Claim].(string)
	if value == "" {
		return fmt.Errorf("id_token has no %q claim", client.cfg.Claim)
	}
	var u *store.User
	var secret string
	if invitation != "" {
		// The identity becomes the invited account's: its subject is the claim's value.
		name := displayNameOf(claims, value)
		u, secret, err = s.store.AcceptInvitation(ctx, store.AcceptInput{Token: invitation, DisplayName: name, OIDCSubject: value}, r.UserAgent())
	} else {
		u, secret, err = s.store.LoginOIDC(ctx, value, r.UserAgent())
	}
	if err != nil {
		return err
	}
	(&cookieWriter{w: w, r: r, secure: s.secureRequest(r)}).SetSession(secret, time.Now().Add(store.SessionLifetime))
	s.log.Info("oidc log-in", "user", u.Username)
	return nil
}

// displayNameOf is the person's name from the ID token (name, or given and family name), or else
// made from the part of the claim before @ ("kari.nordmann@…" → "Kari Nordmann"): an account's
// display name never holds an e-mail address.
func displayNameOf(claims map[string]any, value string) string {
	if n, _ := claims["name"].(string); strings.TrimSpace(n) != "" {
		return n
	}
	given, _ := claims["given_name"].(string)
	family, _ := claims["family_name"].(string)
	if n := strings.TrimSpace(given + " " + family); n != "" {
		return n
	}
	local, _, _ := strings.Cut(value, "@")
	words := strings.FieldsFunc(local, func(r rune) bool { return r == '.' || r == '_' || r == '-' || r == '+' })
	for i, w := range words {
		r := []rune(w)
		words[i] = strings.ToUpper(string(r[:1])) + string(r[1:])
	}
	if len(words) == 0 {
		return "Ny bruker"
	}
	return strings.Join(words, " ")
}

// invitationSecretRE is the shape of an invitation link's secret.
var invitationSecretRE = regexp.MustCompile(`^` + store.InvitationPrefix + `[A-Za-z0-9_-]{20,80}$`)

// OIDCEnabled tells the graph whether to offer the OpenID Connect button.
func (s *Server) OIDCEnabled() bool { return s.cfg.OIDC != nil }
