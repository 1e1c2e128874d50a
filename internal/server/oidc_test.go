package server_test

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/server"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// fakeProvider is a minimal OpenID Connect provider: discovery, keys and a token endpoint that
// signs an ID token for the e-mail it is told to.
type fakeProvider struct {
	url   string
	key   *rsa.PrivateKey
	mu    sync.Mutex
	email string
	nonce string
}

func newFakeProvider(t *testing.T) *fakeProvider {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	p := &fakeProvider{key: key}
	mux := http.NewServeMux()
	mux.HandleFunc("/.well-known/openid-configuration", func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(map[string]any{
			"issuer": p.url, "authorization_endpoint": p.url + "/authorize", "token_endpoint": p.url + "/token",
			"jwks_uri": p.url + "/jwks", "response_types_supported": []string{"code"}, "subject_types_supported": []string{"public"},
			"id_token_signing_alg_values_supported": []string{"RS256"},
		})
	})
	mux.HandleFunc("/jwks", func(w http.ResponseWriter, _ *http.Request) {
		_ = json.NewEncoder(w).Encode(jose.JSONWebKeySet{Keys: []jose.JSONWebKey{{Key: &key.PublicKey, KeyID: "k1", Algorithm: "RS256", Use: "sig"}}})
	})
	mux.HandleFunc("/token", func(w http.ResponseWriter, r *http.Request) {
		if r.FormValue("code") != "good-code" || r.FormValue("code_verifier") == "" {
			http.Error(w, `{"error":"invalid_grant"}`, http.StatusBadRequest)
			return
		}
		signer, _ := jose.NewSigner(jose.SigningKey{Algorithm: jose.RS256, Key: key}, (&jose.SignerOptions{}).WithType("JWT").WithHeader("kid", "k1"))
		p.mu.Lock()
		claims := map[string]any{"iss": p.url, "aud": "egenkontroll", "sub": "subject-1", "email": p.email, "nonce": p.nonce,
			"iat": time.Now().Unix(), "exp": time.Now().Add(5 * time.Minute).Unix()}
		p.mu.Unlock()
		raw, err := jwt.Signed(signer).Claims(claims).Serialize()
		if err != nil {
			http.Error(w, err.Error(), 500)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": "at", "token_type": "Bearer", "expires_in": 300, "id_token": raw})
	})
	p.url = newTestServer(t, mux)
	return p
}

func TestOIDCLogin(t *testing.T) {
	in := startInstance(t, newDatabase(t, false), nil)
	provider := newFakeProvider(t)
	app := startCustom(t, in, server.Config{Limits: testLimits, OIDC: &server.OIDCConfig{Issuer: provider.url, ClientID: "egenkontroll",
		ClientSecret: "secret", RedirectURL: "http://egenkontroll.test/auth/oidc/callback", Claim: "email"}})
	if _, err := in.Store.EnsureUser(system, in.DB, store.UserInput{Username: "kari.nordmann@helsetilsynet.no",
		DisplayName: "Kari Nordmann", Role: auth.RoleNationalAnalyst}); err != nil {
		t.Fatal(err)
	}
	var cfg struct {
		AuthConfig struct {
			OidcEnabled   bool
			OidcLoginPath string
		}
	}
	app.mustQuery(t, `{ authConfig { oidcEnabled oidcLoginPath } }`, nil, &cfg)
	if !cfg.AuthConfig.OidcEnabled || cfg.AuthConfig.OidcLoginPath != server.OIDCLoginPath {
		t.Fatalf("authConfig %+v", cfg.AuthConfig)
	}
	noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

	login := func(email, code string, tamperState bool) (*http.Response, []*http.Cookie) {
		return oidcLogin(t, app, provider, noRedirect, email, code, tamperState)
	}
	session := func(cookies []*http.Cookie) string {
		for _, c := range cookies {
			if c.Name == "egk_session" && c.Value != "" {
				return c.Value
			}
		}
		return ""
	}

	res, cookies := login("kari.nordmann@helsetilsynet.no", "good-code", false)
	secret := session(cookies)
	if res.Header.Get("Location") != "/" || secret == "" {
		t.Fatalf("callback: %d %s, session %q", res.StatusCode, res.Header.Get("Location"), secret)
	}
	signed := *app
	signed.headers = map[string]string{"Cookie": "egk_session=" + secret}
	var v struct{ Viewer struct{ Kind, Name string } }
	signed.mustQuery(t, `{ viewer { kind name } }`, nil, &v)
	if v.Viewer.Kind != "USER" || v.Viewer.Name != "Kari Nordmann" {
		t.Fatalf("viewer after OIDC log-in: %+v", v.Viewer)
	}

	for name, tc := range map[string]struct {
		email, code string
		tamper      bool
	}{
		"forged state":  {"kari.nordmann@helsetilsynet.no", "good-code", true},
		"bad code":      {"kari.nordmann@helsetilsynet.no", "bad-code", false},
		"unknown email": {"ola@example.no", "good-code", false},
	} {
		res, cookies := login(tc.email, tc.code, tc.tamper)
		if session(cookies) != "" || !strings.Contains(res.Header.Get("Location"), "innlogging=feilet") {
			t.Errorf("%s: got a session or no failure redirect (%s)", name, res.Header.Get("Location"))
		}
	}
}

// oidcLogin walks the log-in: the app redirects to the provider with PKCE and a nonce, the
// provider will say email, and the callback comes back with code and the state (forged if
// tamperState). It returns the callback's response and cookies.
func oidcLogin(t *testing.T, app *instance, provider *fakeProvider, noRedirect *http.Client, email, code string, tamperState bool) (*http.Response, []*http.Cookie) {
	t.Helper()
	res, err := noRedirect.Get(app.URL + server.OIDCLoginPath)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	loc, _ := url.Parse(res.Header.Get("Location"))
	if res.StatusCode != http.StatusFound || !strings.HasPrefix(loc.String(), provider.url+"/authorize") ||
		loc.Query().Get("code_challenge") == "" || loc.Query().Get("nonce") == "" {
		t.Fatalf("login redirect %d %s", res.StatusCode, loc)
	}
	provider.mu.Lock()
	provider.email, provider.nonce = email, loc.Query().Get("nonce")
	provider.mu.Unlock()
	state := loc.Query().Get("state")
	if tamperState {
		state = "forged"
	}
	req, _ := http.NewRequest(http.MethodGet, app.URL+server.OIDCCallbackPath+"?code="+code+"&state="+url.QueryEscape(state), nil)
	for _, c := range res.Cookies() {
		req.AddCookie(c)
	}
	cb, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	cb.Body.Close()
	return cb, cb.Cookies()
}
