package main

import (
	"context"
	"log/slog"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// runPlanReminders enqueues reminders of improvement actions past their due date (for services
// that asked for them) at start and then every interval until ctx ends; the mail sender delivers
// them. Enqueuing is idempotent, so several instances may run it at once.
func runPlanReminders(ctx context.Context, st *store.Store, log *slog.Logger, every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		if n, err := st.EnqueuePlanReminders(ctx, domain.DateOf(time.Now())); err != nil && ctx.Err() == nil {
			log.Error("plan reminders", "err", err)
		} else if n > 0 {
			log.Info("plan reminders enqueued", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
