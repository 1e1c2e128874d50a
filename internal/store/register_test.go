package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/auth"
	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/seed"
	"github.com/egenkontroll/egenkontroll/internal/seed/content"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// TestRegisterSeeded: the whole country is in the register, every municipality in exactly one
// service (Oslo in one per city district), the sample services keep their names, and seeding
// again adds nothing.
func TestRegisterSeeded(t *testing.T) {
	st := seeded(t, true)
	ctx := context.Background()
	count := func(q string, args ...any) int {
		t.Helper()
		var n int
		if err := store.DBOf(st).QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	if n := count(`SELECT count(*) FROM municipalities`); n != 357 {
		t.Fatalf("municipalities: %d, want 357", n)
	}
	if n := count(`SELECT count(*) FROM municipalities m WHERE NOT EXISTS (SELECT 1 FROM service_municipalities sm WHERE sm.municipality_number = m.number)`); n != 0 {
		t.Fatalf("%d municipalities without a service", n)
	}
	if n := count(`SELECT count(*) FROM service_municipalities WHERE municipality_number = '0301'`); n != 15 {
		t.Fatalf("Oslo is served by %d city districts, want 15", n)
	}
	if n := count(`SELECT count(*) FROM (SELECT municipality_number FROM service_municipalities WHERE NOT divided GROUP BY 1 HAVING count(*) > 1) x`); n != 0 {
		t.Fatalf("%d municipalities have two services", n)
	}
	sample := map[string]bool{}
	covered := 0
	for _, s := range append(append([]content.Service{}, content.Services...), content.OtherOsloDistricts...) {
		sample[s.Name] = true
		if s.Kind != content.KindCityDistrict {
			covered += len(s.Municipalities)
		}
	}
	want := len(sample) + 356 - covered // every other municipality (Oslo aside) runs its own
	if n := count(`SELECT count(*) FROM services`); n != want {
		t.Fatalf("services: %d, want %d", n, want)
	}
	for name := range sample {
		if n := count(`SELECT count(*) FROM services WHERE name = ?`, name); n != 1 {
			t.Errorf("sample service %s missing", name)
		}
	}
	// Service.municipalities follows the register: the host first, official names.
	var ms []store.Municipality
	var svc store.Service
	if err := store.DBOf(st).NewSelect().Model(&svc).Where("s.name = 'Sunnhordland interkommunale barnevern'").Scan(ctx); err != nil {
		t.Fatal(err)
	}
	ms = svc.Municipalities
	if len(ms) != 3 || ms[0] != (store.Municipality{Number: "4614", Name: "Stord"}) {
		t.Fatalf("Sunnhordland serves %+v", ms)
	}
	if n := count(`SELECT count(*) FROM services WHERE name = 'Barneverntjenesten i Utsira' AND kind = 'MUNICIPAL' AND municipalities @> '[{"number": "1151"}]'`); n != 1 {
		t.Fatal("Utsira has no service of its own")
	}
	// The demo story is about the sample only; the rest of the country has not started.
	if n := count(`SELECT count(*) FROM submissions sub JOIN services s ON s.id = sub.service_id WHERE s.name NOT IN (?)`, bunIn(content.Services)); n != 0 {
		t.Fatalf("%d demo forms outside the sample", n)
	}
	again, err := seed.Run(system, st, seed.Options{Demo: true})
	if err != nil || again.Services != 0 || again.DemoSubmissions != 0 {
		t.Fatalf("seeding again added %+v, %v", again, err)
	}
}

func bunIn(ss []content.Service) any {
	names := make([]string, len(ss))
	for i, s := range ss {
		names[i] = s.Name
	}
	return bunInStrings(names)
}

// TestRegisterRulesInTheDatabase: no client can leave a municipality without a service, give it
// a second one, or keep serving it from a merged service.
func TestRegisterRulesInTheDatabase(t *testing.T) {
	st := seeded(t, false)
	ctx := context.Background()
	for name, stmt := range map[string]string{
		"a municipality left without a service": `DELETE FROM service_municipalities WHERE municipality_number = '1151'`,
		"a municipality in two services": `INSERT INTO service_municipalities (service_id, municipality_number)
			SELECT id, '1151' FROM services WHERE name = 'Barneverntjenesten i Stavanger'`,
		"a district twice": `INSERT INTO service_municipalities (service_id, municipality_number, divided, district)
			SELECT id, '0301', true, 'Alna' FROM services WHERE name = 'Bydel Frogner barneverntjeneste'`,
		"a whole municipality where districts serve": `INSERT INTO service_municipalities (service_id, municipality_number)
			SELECT id, '0301' FROM services WHERE name = 'Barneverntjenesten i Bergen'`,
		"a new municipality without a service": `INSERT INTO municipalities (number, name, county_id) SELECT '4699', 'Nykommune', id FROM counties WHERE number = '46'`,
		"a merged service that still serves": `UPDATE services SET merged_into_id = (SELECT id FROM services WHERE name = 'Barneverntjenesten i Bergen'), merged_at = now()
			WHERE name = 'Barneverntjenesten i Askøy'`,
	} {
		if _, err := store.DBOf(st).ExecContext(ctx, stmt); err == nil {
			t.Errorf("%s: the database accepted it", name)
		}
	}
	// A move inside one transaction passes: off one service, onto another.
	tx, err := store.DBOf(st).BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.ExecContext(ctx, `UPDATE service_municipalities SET service_id = (SELECT id FROM services WHERE name = 'Barneverntjenesten i Haugesund')
		WHERE municipality_number = '1151'`); err != nil {
		t.Fatal(err)
	}
	if err := tx.Commit(); err != nil {
		t.Fatalf("a move was refused: %v", err)
	}
}

func serviceID(t *testing.T, st *store.Store, name string) int64 {
	t.Helper()
	var id int64
	if err := store.DBOf(st).NewSelect().Table("services").Column("id").Where("name = ?", name).Scan(context.Background(), &id); err != nil {
		t.Fatalf("service %s: %v", name, err)
	}
	return id
}

func officeOf(t *testing.T, st *store.Store, id int64) int64 {
	t.Helper()
	var office int64
	if err := store.DBOf(st).NewSelect().Table("services").Column("office_id").Where("id = ?", id).Scan(context.Background(), &office); err != nil {
		t.Fatal(err)
	}
	return office
}

func as(role auth.Role, office, service int64) context.Context {
	return auth.WithCaller(context.Background(), &auth.Caller{Kind: auth.KindUser, UserID: 0, Name: "test", Role: role, OfficeID: office, ServiceID: service})
}

// TestRegisterChanges: rename, merge and split keep every municipality in one service, keep the
// history with each service, and are refused (changing nothing) when invalid or out of reach.
func TestRegisterChanges(t *testing.T) {
	r := newRegisterCase(t)
	step := inSteps(t) // the steps share the register's state, in order
	step("invalid or out-of-reach changes are refused and not audited", r.refusedChanges)
	step("a split gives a municipality a service of its own", r.split)
	step("a merge keeps the first service's id and moves the other's people", r.merge)
	step("a merged service cannot be renamed; an active one can", r.rename)
	step("each service keeps its own history, read within the caller's scope", r.history)
	step("every change is audited once, and every municipality keeps a service", r.auditedAndCovered)
}

// registerCase is TestRegisterChanges' world: four services of the seeded register, the callers
// who change it, and the audit count before the changes.
type registerCase struct {
	st                                     *store.Store
	ctx                                    context.Context
	stord, askoy, bergen, tromso, vestland int64
	advisor, analyst, leader               context.Context
	before                                 int
	fitjar                                 *store.Service
}

func newRegisterCase(t *testing.T) *registerCase {
	st := seeded(t, false)
	r := &registerCase{st: st, ctx: context.Background()}
	r.stord = serviceID(t, st, "Sunnhordland interkommunale barnevern")
	r.askoy = serviceID(t, st, "Barneverntjenesten i Askøy")
	r.bergen = serviceID(t, st, "Barneverntjenesten i Bergen")
	r.tromso = serviceID(t, st, "Barneverntjenesten i Tromsø")
	r.vestland = officeOf(t, st, r.bergen)
	r.advisor = as(auth.RoleCountyAdvisor, r.vestland, 0)
	r.analyst = as(auth.RoleNationalAnalyst, 0, 0)
	r.leader = as(auth.RoleServiceLeader, 0, r.bergen)
	if _, err := st.EnsureUser(system, store.DBOf(st), store.UserInput{Username: "leder.askoy", DisplayName: "Leder", Password: "correct horse battery", Role: auth.RoleServiceLeader, ServiceID: r.askoy}); err != nil {
		t.Fatal(err)
	}
	r.before = r.auditCount()
	return r
}

func (r *registerCase) auditCount() int {
	n, _ := store.DBOf(r.st).NewSelect().Table("audit_log").Where("object_type = 'service'").Count(r.ctx)
	return int(n)
}

type refusedRegisterChange struct {
	name string
	ctx  context.Context
	do   func(context.Context) error
	code domain.Code
}

// refusals are the register changes that must be refused, by whom, and with which code.
func (r *registerCase) refusals() []refusedRegisterChange {
	st, stord, bergen, tromso, advisor, analyst, leader := r.st, r.stord, r.bergen, r.tromso, r.advisor, r.analyst, r.leader
	return []refusedRegisterChange{
		{"a leader renames", leader, func(c context.Context) error { _, err := st.RenameService(c, bergen, "Bergen barnevern"); return err }, domain.CodeForbidden},
		{"an advisor renames another office's service", advisor, func(c context.Context) error { _, err := st.RenameService(c, tromso, "Tromsø barnevern"); return err }, domain.CodeNotFound},
		{"an empty name", advisor, func(c context.Context) error { _, err := st.RenameService(c, bergen, "  "); return err }, domain.CodeBadInput},
		{"a taken name", advisor, func(c context.Context) error {
			_, err := st.RenameService(c, bergen, "barneverntjenesten i askøy")
			return err
		}, domain.CodeBadInput},
		{"a phone number in the name", advisor, func(c context.Context) error { _, err := st.RenameService(c, bergen, "Bergen 912 34 567"); return err }, domain.CodePersonalData},
		{"merge with itself", advisor, func(c context.Context) error { _, err := st.MergeServices(c, bergen, []int64{bergen}, nil); return err }, domain.CodeBadInput},
		{"merge nothing", advisor, func(c context.Context) error { _, err := st.MergeServices(c, bergen, nil, nil); return err }, domain.CodeBadInput},
		{"merge across offices", analyst, func(c context.Context) error { _, err := st.MergeServices(c, bergen, []int64{tromso}, nil); return err }, domain.CodeBadInput},
		{"an advisor merges another office's service", advisor, func(c context.Context) error { _, err := st.MergeServices(c, bergen, []int64{tromso}, nil); return err }, domain.CodeNotFound},
		{"split off every municipality", advisor, func(c context.Context) error {
			_, err := st.SplitService(c, stord, "Nytt barnevern", []string{"4614", "4615", "4613"})
			return err
		}, domain.CodeBadInput},
		{"split off a municipality the service does not serve", advisor, func(c context.Context) error {
			_, err := st.SplitService(c, stord, "Nytt barnevern", []string{"4601"})
			return err
		}, domain.CodeBadInput},
		{"split a municipal service's only municipality", advisor, func(c context.Context) error {
			_, err := st.SplitService(c, bergen, "Nytt barnevern", []string{"4601"})
			return err
		}, domain.CodeBadInput},
	}
}

func (r *registerCase) refusedChanges(t *testing.T) {
	for _, rc := range r.refusals() {
		if err := rc.do(rc.ctx); !domain.IsCode(err, rc.code) {
			t.Errorf("%s: got %v, want %s", rc.name, err, rc.code)
		}
	}
	if r.auditCount() != r.before {
		t.Fatal("a refused change was audited")
	}
}

// split: Fitjar leaves Sunnhordland for a service of its own.
func (r *registerCase) split(t *testing.T) {
	fitjar, err := r.st.SplitService(r.advisor, r.stord, "Barnevernstenesta i Fitjar", []string{"4615"})
	if err != nil {
		t.Fatal(err)
	}
	if fitjar.Kind != domain.ServiceMunicipal || len(fitjar.Municipalities) != 1 || fitjar.Municipalities[0].Name != "Fitjar" || fitjar.OfficeID != r.vestland {
		t.Fatalf("split off %+v", fitjar)
	}
	r.fitjar = fitjar
}

// merge (as Helsetilsynet): Askøy joins Bergen under a new name; Bergen keeps its id.
func (r *registerCase) merge(t *testing.T) {
	name := "Bergen og Askøy barnevern"
	merged, err := r.st.MergeServices(r.analyst, r.bergen, []int64{r.askoy}, &name)
	if err != nil {
		t.Fatal(err)
	}
	if merged.ID != r.bergen || merged.Name != name || merged.Kind != domain.ServiceInterMunicipal || len(merged.Municipalities) != 2 || merged.Municipalities[0].Number != "4601" {
		t.Fatalf("merged %+v", merged)
	}
	var gone store.Service
	_ = store.DBOf(r.st).NewSelect().Model(&gone).Where("s.id = ?", r.askoy).Scan(r.ctx)
	if gone.Active() || *gone.MergedIntoID != r.bergen || len(gone.Municipalities) != 0 || gone.Name != "Barneverntjenesten i Askøy" {
		t.Fatalf("the merged service: %+v", gone)
	}
	var moved store.User
	_ = store.DBOf(r.st).NewSelect().Model(&moved).Where("u.username = 'leder.askoy'").Scan(r.ctx)
	if moved.ServiceID == nil || *moved.ServiceID != r.bergen {
		t.Fatalf("the merged service's leader works for %v", moved.ServiceID)
	}
}

func (r *registerCase) rename(t *testing.T) {
	if _, err := r.st.RenameService(r.advisor, r.askoy, "Askøy igjen"); !domain.IsCode(err, domain.CodeInvalidTransition) {
		t.Fatalf("renaming a merged service: %v", err)
	}
	renamed, err := r.st.RenameService(r.advisor, r.bergen, "Barneverntjenesten i Bergen og Askøy")
	if err != nil || renamed.Name != "Barneverntjenesten i Bergen og Askøy" {
		t.Fatalf("rename: %+v, %v", renamed, err)
	}
}

func (r *registerCase) history(t *testing.T) {
	hist, err := r.st.ServiceHistory(r.ctx, auth.Scope{}, []int64{r.bergen, r.askoy, r.stord, r.fitjar.ID})
	if err != nil {
		t.Fatal(err)
	}
	kinds := func(id int64) string {
		var ks []string
		for _, h := range hist[id] {
			ks = append(ks, h.Kind)
		}
		return strings.Join(ks, " ")
	}
	for id, want := range map[int64]string{r.bergen: "CREATED ABSORBED RENAMED RENAMED", r.askoy: "CREATED MERGED_INTO", r.stord: "CREATED SPLIT_OFF", r.fitjar.ID: "SPLIT_FROM"} {
		if got := kinds(id); got != want {
			t.Errorf("history of %d: %q, want %q", id, got, want)
		}
	}
	if h := hist[r.askoy][1]; *h.OtherServiceID != r.bergen || len(h.Municipalities) != 1 || h.Municipalities[0].Name != "Askøy" {
		t.Errorf("merge entry %+v", h)
	}
	// Scoped: another office reads none of it.
	other, _ := r.st.ServiceHistory(r.ctx, auth.Scope{OfficeID: officeOf(t, r.st, r.tromso)}, []int64{r.bergen})
	if len(other) != 0 {
		t.Fatal("another office read the history")
	}
}

func (r *registerCase) auditedAndCovered(t *testing.T) {
	if n := r.auditCount() - r.before; n != 5 { // split + create, merged_into + merge (with its new name), rename
		t.Fatalf("%d audit entries, want 5", n)
	}
	var orphans int
	_ = store.DBOf(r.st).QueryRowContext(r.ctx, `SELECT count(*) FROM municipalities m WHERE NOT EXISTS (SELECT 1 FROM service_municipalities sm WHERE sm.municipality_number = m.number)`).Scan(&orphans)
	if orphans != 0 {
		t.Fatalf("%d municipalities without a service", orphans)
	}
}

func bunInStrings(ss []string) any { return bun.List(ss) }

// TestRegisterFromAnOlderDatabase: a database from before the register (services listing their
// municipalities, some by old names) migrates and is seeded into the whole country without losing
// a service, its id or its forms.
func TestRegisterFromAnOlderDatabase(t *testing.T) {
	st := newStore(t)
	ctx := context.Background()
	files, err := filepath.Glob("migrations/*.sql")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := store.DBOf(st).ExecContext(ctx, `CREATE TABLE schema_migrations (version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`); err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".sql")
		v, _ := strconv.Atoi(name[:4])
		if v >= 14 {
			continue
		}
		sql, _ := os.ReadFile(f)
		if _, err := store.DBOf(st).DB.ExecContext(ctx, string(sql)); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if _, err := store.DBOf(st).DB.ExecContext(ctx, `INSERT INTO schema_migrations (version, name) VALUES ($1, $2)`, v, name); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := store.DBOf(st).DB.ExecContext(ctx, `
		INSERT INTO governor_offices (code, name_nb, name_nn, name_en) VALUES ('vestland', 'SF Vestland', 'SF Vestland', 'CG Vestland'),
			('nordland', 'SF Nordland', 'SF Nordland', 'CG Nordland'), ('ostfold-buskerud-oslo-akershus', 'SF Oslo', 'SF Oslo', 'CG Oslo');
		INSERT INTO counties (number, name, office_id) SELECT '46', 'Vestland', id FROM governor_offices WHERE code = 'vestland';
		INSERT INTO counties (number, name, office_id) SELECT '18', 'Nordland', id FROM governor_offices WHERE code = 'nordland';
		INSERT INTO counties (number, name, office_id) SELECT '03', 'Oslo', id FROM governor_offices WHERE code = 'ostfold-buskerud-oslo-akershus';
		INSERT INTO services (name, kind, county_id, office_id, municipalities)
			SELECT 'Barneverntjenesten i Bergen', 'MUNICIPAL', id, office_id, '[{"number": "4601", "name": "Bergen"}]' FROM counties WHERE number = '46';
		INSERT INTO services (name, kind, county_id, office_id, municipalities)
			SELECT 'Vesterålen barnevern', 'INTER_MUNICIPAL', id, office_id, '[{"number": "1870", "name": "Sortland"}, {"number": "1866", "name": "Bø"}]' FROM counties WHERE number = '18';
		INSERT INTO services (name, kind, county_id, office_id, municipalities)
			SELECT 'Bydel ' || d || ' barneverntjeneste', 'CITY_DISTRICT', id, office_id, '[{"number": "0301", "name": "Oslo"}]'
			FROM counties, unnest(ARRAY['Alna', 'Frogner']) AS d WHERE number = '03';`); err != nil {
		t.Fatal(err)
	}
	bergenBefore := serviceID(t, st, "Barneverntjenesten i Bergen")
	applied, err := st.Migrate(system)
	if err != nil || len(applied) == 0 || applied[0] != "0014_register" {
		t.Fatalf("migrate: %v, %v", applied, err)
	}
	if _, err := seed.Run(system, st, seed.Options{}); err != nil {
		t.Fatal(err)
	}
	if serviceID(t, st, "Barneverntjenesten i Bergen") != bergenBefore {
		t.Fatal("Bergen got a new id")
	}
	var svc store.Service
	_ = store.DBOf(st).NewSelect().Model(&svc).Where("s.name = 'Vesterålen barnevern'").Scan(ctx)
	if len(svc.Municipalities) != 2 || svc.Municipalities[0].Name != "Sortland - Suortá" || svc.Municipalities[1] != (store.Municipality{Number: "1866", Name: "Hadsel"}) {
		t.Fatalf("the older register's names were not corrected: %+v", svc.Municipalities)
	}
	var n, orphans, districts int
	_ = store.DBOf(st).QueryRowContext(ctx, `SELECT (SELECT count(*) FROM municipalities), (SELECT count(*) FROM municipalities m WHERE NOT EXISTS
		(SELECT 1 FROM service_municipalities sm WHERE sm.municipality_number = m.number)), (SELECT count(*) FROM service_municipalities WHERE municipality_number = '0301')`).
		Scan(&n, &orphans, &districts)
	if n != 357 || orphans != 0 || districts != 15 {
		t.Fatalf("%d municipalities, %d without a service, Oslo in %d districts", n, orphans, districts)
	}
	// Bø (1867), which the older register did not list, got a service of its own.
	if serviceID(t, st, "Barneverntjenesten i Bø") == 0 {
		t.Fatal("no service for Bø")
	}
}
