package main

import (
	"bytes"
	"context"
	"fmt"
	"github.com/egenkontroll/egenkontroll/internal/testutil"
	"io"
	"log/slog"
	"strings"
	"testing"

	"github.com/egenkontroll/egenkontroll/internal/store"
)

// Inviting an office's services from the command line draws the job's progress per batch and
// leaves every active service of the office invited.
func TestInviteOfficeCommand(t *testing.T) {
	dsn, _ := seededStore(t)
	db := testutil.OpenDB(t, dsn)
	ctx := context.Background()
	var office, round, active int64
	if err := db.QueryRowContext(ctx, `SELECT office_id, count(*) FROM services WHERE merged_into_id IS NULL
		GROUP BY office_id ORDER BY count(*) DESC LIMIT 1`).Scan(&office, &active); err != nil {
		t.Fatal(err)
	}
	if err := db.QueryRowContext(ctx, `SELECT id FROM rounds ORDER BY number DESC LIMIT 1`).Scan(&round); err != nil {
		t.Fatal(err)
	}
	old := store.JobBatch
	store.JobBatch = 4
	defer func() { store.JobBatch = old }()
	var out bytes.Buffer
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	if err := inviteTo(ctx, log, []string{"office", "--database-url", dsn, "--round", fmt.Sprint(round), "--office", fmt.Sprint(office)}, &out); err != nil {
		t.Fatal(err)
	}
	text := out.String()
	if !strings.Contains(text, fmt.Sprintf("%d/%d", active, active)) || strings.Count(text, "\r[") != int((active+3)/4) {
		t.Fatalf("progress output:\n%q", text)
	}
	var invited int64
	if err := db.QueryRowContext(ctx, `SELECT count(*) FROM participations AS p JOIN services AS s ON s.id = p.service_id
		WHERE p.round_id = ? AND s.office_id = ?`, round, office).Scan(&invited); err != nil || invited != active {
		t.Fatalf("invited %d of %d (%v)", invited, active, err)
	}
	if err := inviteTo(ctx, log, []string{"office", "--database-url", dsn, "--round", fmt.Sprint(round)}, &out); err == nil {
		t.Fatal("no --office accepted")
	}
}
