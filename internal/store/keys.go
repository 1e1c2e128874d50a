package store

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sync"
)

// keyCache keeps the server keys read from the database, so each is read once per process.
type keyCache struct {
	mu   sync.Mutex
	keys map[string][]byte
}

// serverKey returns the random key of the name, making and storing it on first use. Several
// instances starting at once agree on one key: the first insert wins and everyone reads it back.
func (s *Store) serverKey(ctx context.Context, name string) ([]byte, error) {
	s.keys.mu.Lock()
	defer s.keys.mu.Unlock()
	if k, ok := s.keys.keys[name]; ok {
		return k, nil
	}
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	if _, err := s.db.NewRaw(`INSERT INTO server_keys (name, key) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`, name, fresh).Exec(ctx); err != nil {
		return nil, fmt.Errorf("server key %s: %w", name, err)
	}
	var k []byte
	if err := s.db.NewRaw(`SELECT key FROM server_keys WHERE name = ?`, name).Scan(ctx, &k); err != nil {
		return nil, fmt.Errorf("server key %s: %w", name, err)
	}
	if s.keys.keys == nil {
		s.keys.keys = map[string][]byte{}
	}
	s.keys.keys[name] = k
	return k, nil
}

// keyedHash is HMAC-SHA256 of the parts (each ended by a NUL, so parts cannot run into each other), in hex.
func keyedHash(key []byte, parts ...string) string {
	m := hmac.New(sha256.New, key)
	for _, p := range parts {
		m.Write([]byte(p))
		m.Write([]byte{0})
	}
	return hex.EncodeToString(m.Sum(nil))
}
