package store

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
)

// The service register: every municipality is served by exactly one child welfare service (the
// database insists, migration 0014). County offices (for their own services) and Helsetilsynet
// rename, merge and split services; each change is kept in service_history and the audit trail.

// ServiceMunicipality links a municipality (or, for a divided municipality, one of its city
// districts) to the service that serves it.
type ServiceMunicipality struct {
	bun.BaseModel      `bun:"table:service_municipalities,alias:sm"`
	ServiceID          int64  `bun:",pk"`
	MunicipalityNumber string `bun:",pk"`
	Divided            bool   `bun:",notnull"`
	District           string `bun:",pk,notnull"`
	Position           int    `bun:",notnull"`
}

// Kinds of register change.
const (
	HistoryCreated    = "CREATED"
	HistoryRenamed    = "RENAMED"
	HistoryMergedInto = "MERGED_INTO" // this service was merged into OtherServiceID
	HistoryAbsorbed   = "ABSORBED"    // OtherServiceID was merged into this service
	HistorySplitOff   = "SPLIT_OFF"   // municipalities moved from this service to the new OtherServiceID
	HistorySplitFrom  = "SPLIT_FROM"  // this service was made from municipalities of OtherServiceID
)

// ServiceHistoryEntry is one change of a service in the register.
type ServiceHistoryEntry struct {
	bun.BaseModel  `bun:"table:service_history,alias:sh"`
	ID             int64          `bun:",pk,autoincrement"`
	ServiceID      int64          `bun:",notnull"`
	At             time.Time      `bun:",nullzero,notnull,default:current_timestamp"`
	Kind           string         `bun:",notnull"`
	OldName        string         `bun:",notnull"`
	NewName        string         `bun:",notnull"`
	OtherServiceID *int64         `bun:"other_service_id"`
	Municipalities []Municipality `bun:",type:jsonb,notnull"`
	CreatedBy      *int64         `bun:"created_by"`
}

// checkServiceName trims a service name and refuses an empty or long one, or one with personal data.
func checkServiceName(name string) (string, error) {
	name = strings.Join(strings.Fields(name), " ")
	if utf8.RuneCountInString(name) < 3 || utf8.RuneCountInString(name) > 200 {
		return "", domain.ErrServiceNameLength()
	}
	return name, domain.CheckText("name", name, 200)
}

// nameFree refuses a name another service has (the unique index decides a race).
func nameFree(ctx context.Context, tx bun.Tx, name string, except int64) error {
	taken, err := tx.NewSelect().Table("services").Where("lower(name) = lower(?) AND id <> ?", name, except).Exists(ctx)
	if err != nil {
		return err
	}
	if taken {
		return domain.ErrServiceNameTaken()
	}
	return nil
}

// lockServices locks the services in id order (so two changes never deadlock), checks that the
// caller may change each and that each is still active.
func lockServices(ctx context.Context, tx bun.Tx, ids []int64) (map[int64]*Service, error) {
	sorted := append([]int64(nil), ids...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	var rows []Service
	if err := tx.NewSelect().Model(&rows).Where("s.id IN (?)", bun.List(sorted)).OrderExpr("s.id").For("UPDATE").Scan(ctx); err != nil {
		return nil, err
	}
	out := map[int64]*Service{}
	for i := range rows {
		out[rows[i].ID] = &rows[i]
	}
	c := auth.From(ctx)
	for _, id := range sorted {
		s, ok := out[id]
		if !ok {
			return nil, domain.ErrNotFound(domain.NounService, id)
		}
		if err := c.Can(auth.ActRegister, auth.Target{ServiceID: s.ID, OfficeID: s.OfficeID}); err != nil {
			return nil, err
		}
		if !s.Active() {
			return nil, domain.ErrServiceMerged(s.Name)
		}
	}
	return out, nil
}

// links returns a service's municipality links in order.
func links(ctx context.Context, tx bun.Tx, serviceID int64) ([]ServiceMunicipality, error) {
	var out []ServiceMunicipality
	err := tx.NewSelect().Model(&out).Where("sm.service_id = ?", serviceID).OrderExpr("sm.position, sm.municipality_number").Scan(ctx)
	return out, err
}

// refreshed reads a service back (its municipalities as the trigger left them).
func refreshed(ctx context.Context, tx bun.Tx, id int64) (*Service, error) {
	s := new(Service)
	return s, tx.NewSelect().Model(s).Where("s.id = ?", id).Scan(ctx)
}

// kindFor is the kind a service has after a change of its municipalities: a city district stays
// one; otherwise one municipality runs its own service and several share one.
func kindFor(current domain.ServiceKind, municipalities int) domain.ServiceKind {
	switch {
	case current == domain.ServiceCityDistrict:
		return current
	case municipalities > 1:
		return domain.ServiceInterMunicipal
	}
	return domain.ServiceMunicipal
}

func history(ctx context.Context, tx bun.Tx, entries ...*ServiceHistoryEntry) error {
	by := nz(auth.From(ctx).UserID)
	for _, e := range entries {
		e.CreatedBy = by
		if e.Municipalities == nil {
			e.Municipalities = []Municipality{}
		}
		if _, err := tx.NewInsert().Model(e).Exec(ctx); err != nil {
			return err
		}
	}
	return nil
}

// RenameService gives a service a new name; its history keeps the old one.
func (s *Store) RenameService(ctx context.Context, id int64, name string) (*Service, error) {
	name, err := checkServiceName(name)
	if err != nil {
		return nil, err
	}
	var out *Service
	err = s.inTx(ctx, func(tx bun.Tx) error {
		svcs, err := lockServices(ctx, tx, []int64{id})
		if err != nil {
			return err
		}
		svc := svcs[id]
		if name == svc.Name {
			out = svc
			return nil
		}
		if err := nameFree(ctx, tx, name, id); err != nil {
			return err
		}
		if _, err := tx.NewUpdate().Table("services").Set("name = ?", name).Where("id = ?", id).Exec(ctx); err != nil {
			return err
		}
		if err := history(ctx, tx, &ServiceHistoryEntry{ServiceID: id, Kind: HistoryRenamed, OldName: svc.Name, NewName: name}); err != nil {
			return err
		}
		if out, err = refreshed(ctx, tx, id); err != nil {
			return err
		}
		return audit(ctx, tx, Change{Action: "service.rename", ObjectType: "service", ObjectID: id, ServiceID: id, OfficeID: svc.OfficeID,
			Old: map[string]any{"name": svc.Name}, New: map[string]any{"name": name}})
	})
	if err != nil {
		return nil, fmt.Errorf("rename service %d: %w", id, err)
	}
	return out, nil
}

// ServiceMerge names the services merged into a survivor, and the survivor's new name (nil: it
// keeps its own).
type ServiceMerge struct {
	SurvivorID int64
	MergedIDs  []int64
	Name       *string
}

// Validate applies the rules of a merge that need no rows: there are services to merge, each
// listed once and none of them the survivor, and a new name is a valid name.
func (m ServiceMerge) Validate() error {
	if len(m.MergedIDs) == 0 {
		return domain.ErrNothingToMerge()
	}
	seen := map[int64]bool{m.SurvivorID: true}
	for _, id := range m.MergedIDs {
		if seen[id] {
			return domain.ErrMergeRepeats()
		}
		seen[id] = true
	}
	if m.Name != nil {
		if _, err := checkServiceName(*m.Name); err != nil {
			return err
		}
	}
	return nil
}

// MergeServices merges services into a survivor, which keeps its id (and gets a new name if one
// is given) and serves their municipalities from now on. The merged services become inactive,
// pointing to the survivor, and keep their own rounds, forms and history; their accounts move to
// the survivor (and are signed out, since what they reach changes), and their open invitations
// are revoked. Only services of one county can be merged, and city districts only with each other.
func (s *Store) MergeServices(ctx context.Context, survivorID int64, mergedIDs []int64, name *string) (*Service, error) {
	in := ServiceMerge{SurvivorID: survivorID, MergedIDs: mergedIDs, Name: name}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out *Service
	err := s.inTx(ctx, func(tx bun.Tx) error {
		svcs, err := lockServices(ctx, tx, append([]int64{survivorID}, mergedIDs...))
		if err != nil {
			return err
		}
		survivor := svcs[survivorID]
		if err := checkMergeable(survivor, mergedIDs, svcs); err != nil {
			return err
		}
		newName, err := in.survivorName(ctx, tx, survivor)
		if err != nil {
			return err
		}
		own, err := links(ctx, tx, survivorID)
		if err != nil {
			return err
		}
		next := len(own)
		entries := []*ServiceHistoryEntry{}
		for _, id := range mergedIDs {
			m := svcs[id]
			moved, err := absorb(ctx, tx, survivorID, m, next)
			if err != nil {
				return err
			}
			next += moved
			entries = append(entries,
				&ServiceHistoryEntry{ServiceID: id, Kind: HistoryMergedInto, OldName: m.Name, NewName: newName, OtherServiceID: &survivorID, Municipalities: m.Municipalities},
				&ServiceHistoryEntry{ServiceID: survivorID, Kind: HistoryAbsorbed, OldName: m.Name, NewName: newName, OtherServiceID: nz(id), Municipalities: m.Municipalities})
		}
		if out, err = renewSurvivor(ctx, tx, survivor, newName, next, entries); err != nil {
			return err
		}
		return audit(ctx, tx, Change{Action: "service.merge", ObjectType: "service", ObjectID: survivorID, ServiceID: survivorID, OfficeID: survivor.OfficeID,
			Old: map[string]any{"name": survivor.Name, "kind": survivor.Kind, "municipalities": survivor.Municipalities},
			New: map[string]any{"name": out.Name, "kind": out.Kind, "municipalities": out.Municipalities, "merged": mergedIDs}})
	})
	if err != nil {
		return nil, fmt.Errorf("merge services into %d: %w", survivorID, err)
	}
	return out, nil
}

// checkMergeable: only services of the survivor's county merge into it, and a city district only
// with another city district.
func checkMergeable(survivor *Service, mergedIDs []int64, svcs map[int64]*Service) error {
	for _, id := range mergedIDs {
		m := svcs[id]
		if m.CountyID != survivor.CountyID {
			return domain.ErrMergeAcrossCounties()
		}
		if (m.Kind == domain.ServiceCityDistrict) != (survivor.Kind == domain.ServiceCityDistrict) {
			return domain.ErrMergeCityDistrict()
		}
	}
	return nil
}

// survivorName is the survivor's name after the merge: the new one when given (and free), else its own.
func (m ServiceMerge) survivorName(ctx context.Context, tx bun.Tx, survivor *Service) (string, error) {
	if m.Name == nil {
		return survivor.Name, nil
	}
	name, err := checkServiceName(*m.Name)
	if err != nil {
		return "", err
	}
	return name, nameFree(ctx, tx, name, survivor.ID)
}

// absorb moves a merged service's municipalities to the survivor (from position next on), marks it
// merged, moves its people to the survivor and signs them out, and revokes its open invitations.
// It returns the number of municipality links moved.
func absorb(ctx context.Context, tx bun.Tx, survivorID int64, m *Service, next int) (int, error) {
	moved, err := links(ctx, tx, m.ID)
	if err != nil {
		return 0, err
	}
	for i, l := range moved {
		if _, err := tx.NewUpdate().Table("service_municipalities").Set("service_id = ?, position = ?", survivorID, next+i).
			Where("service_id = ? AND municipality_number = ? AND district = ?", m.ID, l.MunicipalityNumber, l.District).Exec(ctx); err != nil {
			return 0, err
		}
	}
	now := time.Now()
	if _, err := tx.NewUpdate().Table("services").Set("merged_into_id = ?, merged_at = ?", survivorID, now).Where("id = ?", m.ID).Exec(ctx); err != nil {
		return 0, err
	}
	// The people of the merged service work for the survivor now.
	var users []int64
	if err := tx.NewUpdate().Table("users").Set("service_id = ?", survivorID).Where("service_id = ?", m.ID).Returning("id").Scan(ctx, &users); err != nil {
		return 0, err
	}
	if len(users) > 0 {
		if _, err := tx.NewDelete().Model((*Session)(nil)).Where("user_id IN (?)", bun.List(users)).Exec(ctx); err != nil {
			return 0, err
		}
	}
	if _, err := tx.NewUpdate().Table("invitations").Set("revoked_at = now()").Set("revoked_by = ?", nz(auth.From(ctx).UserID)).
		Where("service_id = ? AND accepted_at IS NULL AND revoked_at IS NULL", m.ID).Exec(ctx); err != nil {
		return 0, err
	}
	return len(moved), audit(ctx, tx, Change{Action: "service.merged_into", ObjectType: "service", ObjectID: m.ID, ServiceID: m.ID, OfficeID: m.OfficeID,
		Old: map[string]any{"name": m.Name, "municipalities": m.Municipalities}, New: map[string]any{"mergedInto": survivorID, "movedUsers": len(users)}})
}

// renewSurvivor gives the survivor its name and the kind its municipalities (now n) make it,
// records the history of the merge, and reads it back.
func renewSurvivor(ctx context.Context, tx bun.Tx, survivor *Service, name string, n int, entries []*ServiceHistoryEntry) (*Service, error) {
	if _, err := tx.NewUpdate().Table("services").Set("name = ?, kind = ?", name, kindFor(survivor.Kind, n)).Where("id = ?", survivor.ID).Exec(ctx); err != nil {
		return nil, err
	}
	if name != survivor.Name {
		entries = append(entries, &ServiceHistoryEntry{ServiceID: survivor.ID, Kind: HistoryRenamed, OldName: survivor.Name, NewName: name})
	}
	if err := history(ctx, tx, entries...); err != nil {
		return nil, err
	}
	return refreshed(ctx, tx, survivor.ID)
}

// ServiceSplit names a service, the municipalities it gives up and the name of the new service
// that will serve them.
type ServiceSplit struct {
	SourceID            int64
	Name                string
	MunicipalityNumbers []string
}

// Validate applies the rules of a split that need no rows: a valid name, and municipalities to move.
func (sp ServiceSplit) Validate() error {
	if _, err := checkServiceName(sp.Name); err != nil {
		return err
	}
	if len(sp.MunicipalityNumbers) == 0 {
		return domain.ErrNoMunicipalitiesToMove()
	}
	return nil
}

// SplitService moves some of a service's municipalities to a new service of the same county and
// office, and returns the new one. The old service keeps at least one municipality (moving all of
// them is a rename), and a city district cannot be split.
func (s *Store) SplitService(ctx context.Context, sourceID int64, name string, numbers []string) (*Service, error) {
	if err := (ServiceSplit{SourceID: sourceID, Name: name, MunicipalityNumbers: numbers}).Validate(); err != nil {
		return nil, err
	}
	name, _ = checkServiceName(name)
	var out *Service
	err := s.inTx(ctx, func(tx bun.Tx) error {
		svcs, err := lockServices(ctx, tx, []int64{sourceID})
		if err != nil {
			return err
		}
		src := svcs[sourceID]
		if src.Kind == domain.ServiceCityDistrict {
			return domain.ErrSplitCityDistrict()
		}
		if err := nameFree(ctx, tx, name, 0); err != nil {
			return err
		}
		have, err := links(ctx, tx, sourceID)
		if err != nil {
			return err
		}
		move, err := municipalitiesToMove(src, have, numbers)
		if err != nil {
			return err
		}
		moved := []Municipality{}
		for _, m := range src.Municipalities {
			if move[m.Number] {
				moved = append(moved, m)
			}
		}
		if out, err = splitOff(ctx, tx, src, name, have, move, moved); err != nil {
			return err
		}
		if err := audit(ctx, tx, Change{Action: "service.split", ObjectType: "service", ObjectID: sourceID, ServiceID: sourceID, OfficeID: src.OfficeID,
			Old: map[string]any{"municipalities": src.Municipalities}, New: map[string]any{"splitOff": out.ID, "moved": moved}}); err != nil {
			return err
		}
		return audit(ctx, tx, Change{Action: "service.create", ObjectType: "service", ObjectID: out.ID, ServiceID: out.ID, OfficeID: src.OfficeID,
			New: map[string]any{"name": name, "kind": out.Kind, "municipalities": moved, "splitFrom": sourceID}})
	})
	if err != nil {
		return nil, fmt.Errorf("split service %d: %w", sourceID, err)
	}
	return out, nil
}

// municipalitiesToMove: every municipality named is served by src, and src keeps at least one.
func municipalitiesToMove(src *Service, have []ServiceMunicipality, numbers []string) (map[string]bool, error) {
	byNumber := map[string]ServiceMunicipality{}
	for _, l := range have {
		byNumber[l.MunicipalityNumber] = l
	}
	move := map[string]bool{}
	for _, n := range numbers {
		n = strings.TrimSpace(n)
		if _, ok := byNumber[n]; !ok {
			return nil, domain.ErrMunicipalityNotServed(n, src.Name)
		}
		move[n] = true
	}
	if len(move) == len(have) {
		return nil, domain.ErrSplitTakesAll()
	}
	return move, nil
}

// splitOff creates the new service of src's county and office, moves the municipalities to it,
// gives src the kind its remaining municipalities make it, records the history of both, and
// returns the new service as stored.
func splitOff(ctx context.Context, tx bun.Tx, src *Service, name string, have []ServiceMunicipality, move map[string]bool, moved []Municipality) (*Service, error) {
	created := &Service{Name: name, Kind: kindFor(domain.ServiceMunicipal, len(move)), CountyID: src.CountyID, OfficeID: src.OfficeID,
		Municipalities: []Municipality{}}
	if _, err := tx.NewInsert().Model(created).Returning("id").Exec(ctx); err != nil {
		return nil, err
	}
	pos := 0
	for _, l := range have {
		if !move[l.MunicipalityNumber] {
			continue
		}
		if _, err := tx.NewUpdate().Table("service_municipalities").Set("service_id = ?, position = ?", created.ID, pos).
			Where("service_id = ? AND municipality_number = ? AND district = ?", src.ID, l.MunicipalityNumber, l.District).Exec(ctx); err != nil {
			return nil, err
		}
		pos++
	}
	if _, err := tx.NewUpdate().Table("services").Set("kind = ?", kindFor(src.Kind, len(have)-len(move))).Where("id = ?", src.ID).Exec(ctx); err != nil {
		return nil, err
	}
	if err := history(ctx, tx,
		&ServiceHistoryEntry{ServiceID: src.ID, Kind: HistorySplitOff, OldName: src.Name, NewName: src.Name, OtherServiceID: &created.ID, Municipalities: moved},
		&ServiceHistoryEntry{ServiceID: created.ID, Kind: HistorySplitFrom, OldName: src.Name, NewName: name, OtherServiceID: &src.ID, Municipalities: moved}); err != nil {
		return nil, err
	}
	return refreshed(ctx, tx, created.ID)
}

// ServiceHistory is the register history of many services in scope, oldest first, by service.
func (s *Store) ServiceHistory(ctx context.Context, scope Scope, ids []int64) (map[int64][]ServiceHistoryEntry, error) {
	out := map[int64][]ServiceHistoryEntry{}
	if len(ids) == 0 {
		return out, nil
	}
	var rows []ServiceHistoryEntry
	err := applyScope(s.db.NewSelect().Model(&rows).Join("JOIN services AS s ON s.id = sh.service_id").
		Where("sh.service_id IN (?)", bun.List(ids)), scope).OrderExpr("sh.id").Scan(ctx)
	for _, r := range rows {
		out[r.ServiceID] = append(out[r.ServiceID], r)
	}
	return out, err
}
