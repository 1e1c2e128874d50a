package seed

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/uptrace/bun"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/seed/content"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// register seeds the service register: every municipality of 2024, each served by exactly one
// service. The sample services (content.Services, content.OtherOsloDistricts) come first with
// their names; every municipality they leave uncovered gets a service of its own,
// "Barneverntjenesten i <name>". It is keyed by coverage, not by name: a sample service whose
// municipalities are already served (after a rename, merge or split in the app) is not made again,
// so seeding an existing register only fills what is missing.
func register(ctx context.Context, tx bun.Tx, countyIDs, officeOf map[string]int64, rep *Report) error {
	all, err := content.Municipalities()
	if err != nil {
		return err
	}
	official, err := registerMunicipalities(ctx, tx, all, countyIDs)
	if err != nil {
		return err
	}
	covered, err := servedMunicipalities(ctx, tx)
	if err != nil {
		return err
	}
	rp := &registerPlan{official: official, covered: covered, countyIDs: countyIDs, officeOf: officeOf}
	for _, list := range [][]content.Service{content.Services, content.OtherOsloDistricts} {
		for _, s := range list {
			if err := rp.add(s); err != nil {
				return err
			}
		}
	}
	if err := rp.addUncovered(all); err != nil {
		return err
	}
	if len(rp.plan) == 0 {
		return nil
	}
	if err := insertPlanned(ctx, tx, rp.plan, official); err != nil {
		return err
	}
	rep.Services += len(rp.plan)
	return nil
}

// registerMunicipalities stores every municipality of 2024 under its official name and returns
// them by number. Official names win over names an older register had (0014 took them from the
// services).
func registerMunicipalities(ctx context.Context, tx bun.Tx, all []content.CountyMunicipality, countyIDs map[string]int64) (map[string]content.CountyMunicipality, error) {
	official := map[string]content.CountyMunicipality{}
	rows := make([]municipalityRow, 0, len(all))
	for _, m := range all {
		cid, ok := countyIDs[m.CountyNumber]
		if !ok {
			return nil, fmt.Errorf("municipality %s %s: no county %s", m.Number, m.Name, m.CountyNumber)
		}
		official[m.Number] = m
		rows = append(rows, municipalityRow{Number: m.Number, Name: m.Name, CountyID: cid, Divided: m.Number == content.DividedMunicipality})
	}
	var renamed []string
	if err := tx.NewInsert().Model(&rows).On("CONFLICT (number) DO UPDATE").Set("name = EXCLUDED.name").
		Where("m.name <> EXCLUDED.name").Returning("number").Scan(ctx, &renamed); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if len(renamed) > 0 {
		if _, err := tx.ExecContext(ctx, `SELECT refresh_service_municipalities(id) FROM services
			WHERE id IN (SELECT service_id FROM service_municipalities WHERE municipality_number IN (?))`, bun.List(renamed)); err != nil {
			return nil, err
		}
	}
	return official, nil
}

// servedMunicipalities is what is served already: undivided municipalities by number, districts
// by (number, district).
func servedMunicipalities(ctx context.Context, tx bun.Tx) (map[[2]string]bool, error) {
	var served []struct {
		Number   string `bun:"municipality_number"`
		District string `bun:"district"`
	}
	if err := tx.NewSelect().Table("service_municipalities").Column("municipality_number", "district").Scan(ctx, &served); err != nil {
		return nil, err
	}
	covered := map[[2]string]bool{}
	for _, s := range served {
		covered[[2]string{s.Number, s.District}] = true
	}
	return covered, nil
}

// registerPlan collects the services to add, each with the municipalities it serves.
type registerPlan struct {
	official            map[string]content.CountyMunicipality
	covered             map[[2]string]bool
	countyIDs, officeOf map[string]int64
	plan                []plannedService
}

type plannedService struct {
	svc   store.Service
	links []store.ServiceMunicipality
}

// add plans service s unless a municipality it serves is served already.
func (rp *registerPlan) add(s content.Service) error {
	p := plannedService{svc: store.Service{Name: s.Name, Kind: domain.ServiceKind(s.Kind), CountyID: rp.countyIDs[s.CountyNumber],
		OfficeID: rp.officeOf[s.CountyNumber], Municipalities: []store.Municipality{}}}
	for i, m := range s.Municipalities {
		if _, ok := rp.official[m.Number]; !ok {
			return fmt.Errorf("service %s: municipality %s is not in the list of 2024", s.Name, m.Number)
		}
		link := store.ServiceMunicipality{MunicipalityNumber: m.Number, Position: i}
		if m.Number == content.DividedMunicipality {
			link.Divided, link.District = true, content.DistrictOf(s.Name)
		}
		if rp.covered[[2]string{link.MunicipalityNumber, link.District}] {
			return nil // served already: keep the register as the app left it
		}
		p.links = append(p.links, link)
	}
	for _, l := range p.links {
		rp.covered[[2]string{l.MunicipalityNumber, l.District}] = true
	}
	rp.plan = append(rp.plan, p)
	return nil
}

// addUncovered plans a service of its own for every municipality still unserved. Two
// municipalities share a name (Herøy, Våler): their services say the county too.
func (rp *registerPlan) addUncovered(all []content.CountyMunicipality) error {
	nameCount := map[string]int{}
	for _, m := range all {
		nameCount[m.Name]++
	}
	countyName := map[string]string{}
	for _, o := range content.Offices {
		for _, c := range o.Counties {
			countyName[c.Number] = c.Name
		}
	}
	for _, m := range all {
		if m.Number == content.DividedMunicipality || rp.covered[[2]string{m.Number, ""}] {
			continue
		}
		name := m.Name
		if nameCount[m.Name] > 1 {
			name += " (" + countyName[m.CountyNumber] + ")"
		}
		if err := rp.add(content.Service{Name: content.MunicipalServiceName(name), Kind: content.KindMunicipal, CountyNumber: m.CountyNumber,
			Municipalities: []content.Municipality{m.Municipality}}); err != nil {
			return err
		}
	}
	return nil
}

// insertPlanned adds the planned services, the municipalities they serve and their history.
func insertPlanned(ctx context.Context, tx bun.Tx, plan []plannedService, official map[string]content.CountyMunicipality) error {
	services := make([]store.Service, len(plan))
	for i := range plan {
		services[i] = plan[i].svc
	}
	if _, err := tx.NewInsert().Model(&services).Returning("id").Exec(ctx); err != nil {
		return err
	}
	var links []store.ServiceMunicipality
	history := make([]store.ServiceHistoryEntry, 0, len(plan))
	for i := range plan {
		served := []store.Municipality{}
		for _, l := range plan[i].links {
			l.ServiceID = services[i].ID
			links = append(links, l)
			served = append(served, store.Municipality{Number: l.MunicipalityNumber, Name: official[l.MunicipalityNumber].Name})
		}
		history = append(history, store.ServiceHistoryEntry{ServiceID: services[i].ID, Kind: store.HistoryCreated,
			NewName: services[i].Name, Municipalities: served})
	}
	if _, err := tx.NewInsert().Model(&links).Exec(ctx); err != nil {
		return err
	}
	_, err := tx.NewInsert().Model(&history).Exec(ctx)
	return err
}

type municipalityRow struct {
	bun.BaseModel `bun:"table:municipalities,alias:m"`
	Number        string `bun:",pk"`
	Name          string `bun:",notnull"`
	CountyID      int64  `bun:",notnull"`
	Divided       bool   `bun:",notnull"`
}
