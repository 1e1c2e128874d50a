// Package report renders the county report (the document a Statsforvalter office sends
// Helsetilsynet) as an XLSX workbook and as a print-ready HTML page, in the reader's language.
package report

import (
	"fmt"
	"time"

	"github.com/egenkontroll/egenkontroll/internal/domain"
	"github.com/egenkontroll/egenkontroll/internal/store"
)

// Names are what the report needs to name services and questions.
type Names struct {
	Services map[int64]string
}

// section is one part of the report: a heading, a table and the office's comment.
type section struct {
	Part    domain.ReportPart
	Title   string
	Lead    string
	Header  []string
	Rows    [][]string
	Comment string
}

// document is the report, language-resolved, ready for either format.
type document struct {
	Lang           domain.Lang
	Title          string
	Office         string
	Round          string
	ReportDeadline string
	State          string
	Generated      string
	Summary        [][2]string
	Sections       []section
}

var words = map[string]domain.Text{
	"title":        {NB: "Rapport til Helsetilsynet", NN: "Rapport til Helsetilsynet", EN: "Report to Helsetilsynet"},
	"deadline":     {NB: "Frist for rapporten", NN: "Frist for rapporten", EN: "Report deadline"},
	"state":        {NB: "Status", NN: "Status", EN: "Status"},
	"generated":    {NB: "Laget", NN: "Laga", EN: "Generated"},
	"services":     {NB: "Tjenester i embetet", NN: "Tenester i embetet", EN: "Services of the office"},
	"invited":      {NB: "Invitert", NN: "Invitert", EN: "Invited"},
	"attended":     {NB: "Deltok på informasjonsmøtet", NN: "Deltok på informasjonsmøtet", EN: "At the information meeting"},
	"yes":          {NB: "Svarte at de deltar", NN: "Svarte at dei deltek", EN: "Replied they take part"},
	"submitted":    {NB: "Sendte samleskjema", NN: "Sende samleskjema", EN: "Sent the summary form"},
	"plan":         {NB: "Sendte forbedringsplan", NN: "Sende forbetringsplan", EN: "Sent the improvement plan"},
	"service":      {NB: "Tjeneste", NN: "Teneste", EN: "Service"},
	"replied":      {NB: "Svarte", NN: "Svarte", EN: "Replied"},
	"period":       {NB: "Planlagt periode", NN: "Planlagd periode", EN: "Planned period"},
	"sentAt":       {NB: "Sendt", NN: "Sendt", EN: "Sent"},
	"planCol":      {NB: "Plan", NN: "Plan", EN: "Plan"},
	"next":         {NB: "Neste egenkontroll / status", NN: "Neste eigenkontroll / status", EN: "Next self-assessment / progress"},
	"status":       {NB: "Status", NN: "Status", EN: "Status"},
	"reason":       {NB: "Begrunnelse", NN: "Grunngiving", EN: "Reason"},
	"cases":        {NB: "Saker", NN: "Saker", EN: "Cases"},
	"yesShare":     {NB: "Andel Ja", NN: "Del Ja", EN: "Share Yes"},
	"prevYes":      {NB: "Andel Ja forrige runde", NN: "Del Ja førre runde", EN: "Share Yes previous round"},
	"change":       {NB: "Endring (prosentpoeng)", NN: "Endring (prosentpoeng)", EN: "Change (points)"},
	"variation":    {NB: "Vurdering", NN: "Vurdering", EN: "Assessment"},
	"within":       {NB: "Innenfor tilfeldig variasjon", NN: "Innanfor tilfeldig variasjon", EN: "Within random variation"},
	"withheld":     {NB: "Skjult", NN: "Skjult", EN: "Withheld"},
	"beyond":       {NB: "Større enn tilfeldig variasjon", NN: "Større enn tilfeldig variasjon", EN: "Beyond random variation"},
	"kind":         {NB: "Aktivitet", NN: "Aktivitet", EN: "Activity"},
	"date":         {NB: "Dato", NN: "Dato", EN: "Date"},
	"note":         {NB: "Notat", NN: "Notat", EN: "Note"},
	"count":        {NB: "Tjenester", NN: "Tenester", EN: "Services"},
	"comment":      {NB: "Embetets kommentar", NN: "Embetet sin kommentar", EN: "The office's comment"},
	"yesWord":      {NB: "Ja", NN: "Ja", EN: "Yes"},
	"noWord":       {NB: "Nei", NN: "Nei", EN: "No"},
	"SUBMITTED":    {NB: "Sendt", NN: "Sendt", EN: "Submitted"},
	"DRAFT":        {NB: "Utkast", NN: "Utkast", EN: "Draft"},
	"NOT_STARTED":  {NB: "Ikke påbegynt", NN: "Ikkje påbyrja", EN: "Not started"},
	"REMINDER":     {NB: "Purring", NN: "Purring", EN: "Reminder"},
	"CONTACT":      {NB: "Kontakt", NN: "Kontakt", EN: "Contact"},
	"actions":      {NB: "Tiltak", NN: "Tiltak", EN: "Actions"},
	"planRound":    {NB: "Planene fra", NN: "Planane frå", EN: "The plans from"},
	"started":      {NB: "Startet", NN: "Starta", EN: "Started"},
	"done":         {NB: "Gjennomført", NN: "Gjennomført", EN: "Done"},
	"dropped":      {NB: "Avbrutt", NN: "Avbrote", EN: "Dropped"},
	"overdue":      {NB: "Over fristen", NN: "Over fristen", EN: "Past due"},
	"lastChange":   {NB: "Sist oppdatert", NN: "Sist oppdatert", EN: "Last updated"},
	"untouched":    {NB: "Ikke oppdatert siden innsending", NN: "Ikkje oppdatert sidan innsending", EN: "Not updated since submitting"},
	"ownMethod":    {NB: "egen metode", NN: "eigen metode", EN: "own method"},
	"MEETING":      {NB: "Møte", NN: "Møte", EN: "Meeting"},
	"NOTE":         {NB: "Notat", NN: "Notat", EN: "Note"},
	"INFO_MEETING": {NB: "Informasjonsmøte", NN: "Informasjonsmøte", EN: "Information meeting"},
}

var partTitles = map[domain.ReportPart]domain.Text{
	domain.ReportPartInvitations:   {NB: "Invitasjon og informasjonsmøte", NN: "Invitasjon og informasjonsmøte", EN: "Invitations and the information meeting"},
	domain.ReportPartParticipation: {NB: "Tjenester som svarte at de deltar", NN: "Tenester som svarte at dei deltek", EN: "Services that replied they take part"},
	"PLAN_PROGRESS":                {NB: "Hvor langt tjenestene har kommet med forbedringsplanen", NN: "Kor langt tenestene har kome med forbetringsplanen", EN: "How far the services have come with their improvement plan"},
	domain.ReportPartSubmissions:   {NB: "Tjenester som sendte samleskjema og forbedringsplan", NN: "Tenester som sende samleskjema og forbetringsplan", EN: "Services that sent summary form and improvement plan"},
	domain.ReportPartResults:       {NB: "Resultater sammenlignet med forrige runde", NN: "Resultat samanlikna med førre runde", EN: "Results compared with the previous round"},
	domain.ReportPartNotDone:       {NB: "Tjenester som ikke har gjennomført, og hvorfor", NN: "Tenester som ikkje har gjennomført, og kvifor", EN: "Services that did not do the round, and why"},
	domain.ReportPartOwnActivity:   {NB: "Embetets egen innsats", NN: "Embetet sin eigen innsats", EN: "The office's own activity"},
	domain.ReportPartGeneral:       {NB: "Andre merknader", NN: "Andre merknader", EN: "Other remarks"},
}

var statusWords = map[domain.Status]domain.Text{
	domain.StatusNotStarted: {NB: "Ikke startet", NN: "Ikkje starta", EN: "Not started"},
	domain.StatusInProgress: {NB: "Under arbeid", NN: "Under arbeid", EN: "In progress"},
	domain.StatusSubmitted:  {NB: "Sendt", NN: "Sendt", EN: "Submitted"},
	domain.StatusReturned:   {NB: "Retting etterspurt", NN: "Retting etterspurd", EN: "Correction requested"},
}

// reviewedWord marks a form the office has gone through (a non-binding mark, not an approval).
var reviewedWord = domain.Text{NB: "gjennomgått", NN: "gjennomgått", EN: "gone through"}

// rowStatus is a service's form status in the report, with the office's "gjennomgått" mark.
func rowStatus(r store.FunnelRow, lang domain.Lang) string {
	s := statusWords[r.Status].In(lang)
	if r.ReviewedAt != nil {
		s += ", " + reviewedWord.In(lang)
	}
	return s
}

func w(lang domain.Lang, key string) string { return words[key].In(lang) }

// The report's dates come from the one formatter (domain.FormatDate and friends, Europe/Oslo).
func norDate(d *domain.Date) string {
	if d == nil {
		return ""
	}
	return domain.FormatDate(*d)
}

func norTime(t *time.Time) string {
	if t == nil {
		return ""
	}
	return domain.FormatInstantDate(*t)
}

func month(m *domain.YearMonth, lang domain.Lang) string {
	if m == nil {
		return ""
	}
	return domain.FormatMonth(*m, lang)
}

func pct(v *float64) string {
	if v == nil {
		return ""
	}
	return fmt.Sprintf("%.0f %%", *v*100)
}

// build turns the computed report into a document in lang.
func build(d *store.CountyReportData, names Names, lang domain.Lang, now time.Time) *document {
	doc := &document{Lang: lang, Title: w(lang, "title"), Office: d.Office.Name.In(lang), Round: d.Round.Title.In(lang),
		ReportDeadline: norDate(&d.Round.ReportDeadline), Generated: domain.FormatInstant(now, lang)}
	b := &builder{doc: doc, d: d, names: names, lang: lang, comments: map[string]string{}}
	b.state()
	b.summary()
	b.invitations()
	b.participation()
	b.submissions()
	if len(d.PlanProgress) > 0 {
		b.planProgress()
	}
	if d.PreviousRound != nil {
		b.results()
	}
	b.notDone()
	b.ownActivity()
	b.add(domain.ReportPartGeneral, "", nil, nil)
	return doc
}

// builder writes the parts of the county report's document in order.
type builder struct {
	doc      *document
	d        *store.CountyReportData
	names    Names
	lang     domain.Lang
	comments map[string]string
}

func (b *builder) add(part domain.ReportPart, lead string, header []string, rows [][]string) {
	b.doc.Sections = append(b.doc.Sections, section{Part: part, Title: partTitles[part].In(b.lang), Lead: lead, Header: header, Rows: rows, Comment: b.comments[string(part)]})
}

func (b *builder) name(id int64) string { return b.names.Services[id] }

// state says whether the report is not started, a draft or sent (and when), and takes its comments.
func (b *builder) state() {
	d := b.d
	if d.Record != nil {
		b.comments = d.Record.Comments
	}
	b.doc.State = w(b.lang, string(d.State()))
	if d.Record != nil && d.Record.SubmittedAt != nil {
		b.doc.State += " " + norTime(d.Record.SubmittedAt)
	}
}

// summary counts the services at each step of the funnel.
func (b *builder) summary() {
	d, lang := b.d, b.lang
	plans := d.Count(func(r store.FunnelRow) bool { return r.PlanSubmitted })
	b.doc.Summary = [][2]string{
		{w(lang, "services"), fmt.Sprint(len(d.Rows))},
		{w(lang, "invited"), fmt.Sprint(d.Count(store.RowInvited))},
		{w(lang, "attended"), fmt.Sprint(d.Count(store.RowAttended))},
		{w(lang, "yes"), fmt.Sprint(d.Count(store.RowWillParticipate))},
		{w(lang, "submitted"), fmt.Sprint(d.Count(store.RowSubmitted))},
		{w(lang, "plan"), fmt.Sprint(plans)},
	}
}

// invitations lists the information meetings with how many services attended each.
func (b *builder) invitations() {
	d, lang := b.d, b.lang
	var meetings [][]string
	for _, m := range d.Meetings {
		attended := d.Count(func(r store.FunnelRow) bool { return r.MeetingID != nil && *r.MeetingID == m.ID })
		meetings = append(meetings, []string{norDate(&m.HeldOn), m.Title, fmt.Sprint(attended)})
	}
	b.add(domain.ReportPartInvitations, fmt.Sprintf("%s: %d. %s: %d.", w(lang, "invited"), d.Count(store.RowInvited), w(lang, "attended"), d.Count(store.RowAttended)),
		[]string{w(lang, "date"), w(lang, "INFO_MEETING"), w(lang, "count")}, meetings)
}

// participation lists the services that said yes, a late reply marked with *.
func (b *builder) participation() {
	lang := b.lang
	var yes [][]string
	for _, r := range b.d.Select(store.RowWillParticipate) {
		late := ""
		if r.ReplyLate {
			late = " *"
		}
		yes = append(yes, []string{b.name(r.ServiceID), norDate(r.RepliedOn) + late, month(r.PlannedFrom, lang) + "–" + month(r.PlannedTo, lang)})
	}
	b.add(domain.ReportPartParticipation, "", []string{w(lang, "service"), w(lang, "replied"), w(lang, "period")}, yes)
}

// submissions lists the services that sent their summary, with or without a plan.
func (b *builder) submissions() {
	lang := b.lang
	var sub [][]string
	for _, r := range b.d.Select(store.RowSubmitted) {
		plan := w(lang, "noWord")
		if r.PlanSubmitted {
			plan = w(lang, "yesWord")
		}
		sub = append(sub, []string{b.name(r.ServiceID), norTime(r.FirstSubmittedAt), plan, rowStatus(r, lang), r.NextAssessment})
	}
	b.add(domain.ReportPartSubmissions, "", []string{w(lang, "service"), w(lang, "sentAt"), w(lang, "planCol"), w(lang, "status"), w(lang, "next")}, sub)
}

// planProgress lists how far each service has come with the plan of the previous round.
func (b *builder) planProgress() {
	d, lang := b.d, b.lang
	var rows [][]string
	untouched := 0
	for _, p := range d.PlanProgress {
		last := w(lang, "untouched")
		if p.LastChangedAt != nil {
			last = norTime(p.LastChangedAt)
		} else {
			untouched++
		}
		svc := b.name(p.ServiceID)
		if p.OwnMethod {
			svc += " (" + w(lang, "ownMethod") + ")"
		}
		rows = append(rows, []string{svc, fmt.Sprint(p.Actions), fmt.Sprint(p.Started()), fmt.Sprint(p.Done), fmt.Sprint(p.Dropped), fmt.Sprint(p.Overdue), last})
	}
	planRound := d.Round
	if d.PreviousRound != nil {
		planRound = *d.PreviousRound
	}
	b.add("PLAN_PROGRESS", fmt.Sprintf("%s: %s. %s: %d.", w(lang, "planRound"), planRound.Title.In(lang), w(lang, "untouched"), untouched),
		[]string{w(lang, "service"), w(lang, "actions"), w(lang, "started"), w(lang, "done"), w(lang, "dropped"), w(lang, "overdue"), w(lang, "lastChange")}, rows)
}

// results compares each service's share of Ja with the previous round's.
func (b *builder) results() {
	lang := b.lang
	var res [][]string
	lead := ""
	// A share resting on fewer than the floor's cases is withheld; the reason is said once, as the lead.
	shareOr := func(v *float64, withheld bool) string {
		if withheld {
			return w(lang, "withheld")
		}
		return pct(v)
	}
	for _, r := range b.d.Results {
		if reason := r.WithheldReason(lang); reason != "" {
			lead = w(lang, "withheld") + ": " + reason
		}
		change, judgement := "", ""
		if r.Change != nil {
			change = fmt.Sprintf("%+.0f", r.Change.Diff*100)
			judgement = w(lang, "within")
			if r.Change.Significant {
				judgement = w(lang, "beyond")
			}
		}
		res = append(res, []string{b.name(r.ServiceID), fmt.Sprint(r.Cases), shareOr(r.YesShare(), r.Suppressed), shareOr(r.PrevYesShare(), r.PreviousSuppressed), change, judgement})
	}
	b.add(domain.ReportPartResults, lead, []string{w(lang, "service"), w(lang, "cases"), w(lang, "yesShare"), w(lang, "prevYes"), w(lang, "change"), w(lang, "variation")}, res)
}

// notDone lists the services that did not send, with their reason.
func (b *builder) notDone() {
	lang := b.lang
	var not [][]string
	for _, r := range b.d.Select(store.RowNotSubmitted) {
		reason := r.DeclineReason
		if reason == "" {
			reason = r.NextAssessment
		}
		not = append(not, []string{b.name(r.ServiceID), rowStatus(r, lang), reason})
	}
	b.add(domain.ReportPartNotDone, "", []string{w(lang, "service"), w(lang, "status"), w(lang, "reason")}, not)
}

// ownActivity lists the office's own follow-up, with counts of each kind as the lead.
func (b *builder) ownActivity() {
	d, lang := b.d, b.lang
	acts := [][]string{}
	for _, a := range d.Activities {
		acts = append(acts, []string{norDate(&a.OccurredOn), w(lang, string(a.Kind)), fmt.Sprint(len(a.ServiceIDs)), a.Note})
	}
	b.add(domain.ReportPartOwnActivity, fmt.Sprintf("%s: %d. %s: %d. %s: %d. %s: %d.", w(lang, "INFO_MEETING"), len(d.Meetings), w(lang, "MEETING"), d.ActivityCount(domain.FollowUpMeeting),
		w(lang, "CONTACT"), d.ActivityCount(domain.FollowUpContact), w(lang, "REMINDER"), d.ActivityCount(domain.FollowUpReminder)),
		[]string{w(lang, "date"), w(lang, "kind"), w(lang, "count"), w(lang, "note")}, acts)
}
