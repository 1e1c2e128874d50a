import { Suspense, lazy, useEffect, useRef } from 'react';
import { Link as RouterLink, Navigate, Route, Routes, useLocation, useNavigate } from 'react-router-dom';
import { useMutation, useQuery } from 'urql';
import { Button, Dropdown, Link, Paragraph, SkipLink, Spinner } from '@digdir/designsystemet-react';
import { graphql } from './gql';
import { SIGNED_OUT_EVENT } from './api';
import { LANGS, useI18n, type Lang } from './i18n';
import { LoginPage } from './features/signin/LoginPage';
import { AppLink } from './components/AppLink';

const ServicePage = lazy(() => import('./features/service/ServicePage'));
const CasePage = lazy(() => import('./features/service/CasePage'));
const SummaryPage = lazy(() => import('./features/summary/SummaryPage'));
const TotalsPage = lazy(() => import('./features/service/TotalsPage'));
const BaselinePage = lazy(() => import('./features/results/BaselinePage'));
const FunnelPage = lazy(() => import('./features/funnel/FunnelPage'));
const DashboardPage = lazy(() => import('./features/results/DashboardPage'));
const ReportPage = lazy(() => import('./features/funnel/ReportPage'));
const AdminPage = lazy(() => import('./features/admin/AdminPage'));
const AdvisorServicePage = lazy(() => import('./features/funnel/AdvisorServicePage'));
const FeedbackPage = lazy(() => import('./features/results/FeedbackPage'));
const CountyReportsPage = lazy(() => import('./features/results/CountyReportsPage'));
const RegisterPage = lazy(() => import('./features/register/RegisterPage'));
const QuestionnairesPage = lazy(() => import('./features/campaigns/QuestionnairesPage'));
const CampaignsPage = lazy(() => import('./features/campaigns/CampaignsPage'));
const AcceptInvitationPage = lazy(() => import('./features/signin/AcceptInvitationPage'));
const PlanPage = lazy(() => import('./features/plan/PlanPage'));
const InvitationLetterPage = lazy(() => import('./features/funnel/InvitationLetterPage'));
const InvitationDraftPage = lazy(() => import('./features/results/InvitationDraftPage'));
const SummariesPage = lazy(() => import('./features/results/SummariesPage'));
const AccessibilityPage = lazy(() => import('./features/info/InfoPages').then((m) => ({ default: m.AccessibilityPage })));
const PrivacyPage = lazy(() => import('./features/info/InfoPages').then((m) => ({ default: m.PrivacyPage })));

/** The public pages every visitor may read, signed in or not (footer links). */
const PUBLIC_PATHS = ['/tilgjengelighetserklaering', '/personvern'];

/** Helsetilsynet's mark: a simple shield, decorative next to the owner's name. */
function OwnerMark() {
  return (
    <svg className="egk-brand-mark" viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <path d="M16 2 4 6v9c0 7.5 5.1 13.4 12 15 6.9-1.6 12-7.5 12-15V6L16 2Z" fill="currentColor" />
      <path d="M14 9h4v5h5v4h-5v5h-4v-5H9v-4h5z" fill="#fff" />
    </svg>
  );
}

export const ViewerQuery = graphql(`
  query Viewer {
    viewer { kind name role national canEditForms canSubmitForms canManageRegister canManageCampaigns invitesRole office { id name { nb nn en } } service { id name } }
    authConfig { oidcEnabled oidcLoginPath }
    rounds { id number }
  }
`);

const LogoutMutation = graphql(`mutation Logout { logout }`);

function Loading() {
  const { t } = useI18n();
  return (
    <div className="egk-skeleton" role="status">
      <Spinner aria-label={t('common.loading')} />
    </div>
  );
}

function initials(name: string): string {
  return name.split(/\s+/).filter(Boolean).slice(0, 2).map((w) => w[0]?.toUpperCase() ?? '').join('');
}

export function App() {
  const { t, lang, setLang } = useI18n();
  const [{ data, fetching }, refetch] = useQuery({ query: ViewerQuery });
  const [, logout] = useMutation(LogoutMutation);
  const location = useLocation();
  const navigate = useNavigate();
  const main = useRef<HTMLElement>(null);
  const navigated = useRef(false);
  // After a navigation, keyboard and screen-reader users start at the top of the new page's
  // content, not on the link they followed in the old one. A fresh load leaves focus alone.
  useEffect(() => {
    if (navigated.current) main.current?.focus({ preventScroll: true });
    navigated.current = true;
  }, [location.pathname]);
  // A session that ends (expiry, log-out in another tab) brings the log-in page, and after it the
  // page the person was on.
  // Only a signed-in page reacts: the anonymous log-in page's own queries are refused too, and
  // reacting to those would ask again and again.
  const wasSignedIn = useRef(false);
  useEffect(() => {
    const signedOut = () => {
      if (!wasSignedIn.current) return;
      wasSignedIn.current = false; // one question is enough; the answer says who we are now
      refetch({ requestPolicy: 'network-only' });
    };
    window.addEventListener(SIGNED_OUT_EVENT, signedOut);
    return () => window.removeEventListener(SIGNED_OUT_EVENT, signedOut);
  }, [refetch]);
  const viewer = data?.viewer;
  const signedIn = viewer && viewer.kind !== 'ANONYMOUS';
  wasSignedIn.current = !!signedIn;
  const newestRound = data ? [...data.rounds].sort((a, b) => b.number - a.number)[0] : undefined;
  const home = !viewer?.role
    ? '/'
    : viewer.service
      ? `/tjenester/${viewer.service.id}/runder/${newestRound?.id ?? ''}`
      : viewer.role === 'COUNTY_ADVISOR'
        ? `/oppfolging/${newestRound?.id ?? ''}`
        : viewer.role === 'ADMIN'
          ? '/admin'
          : `/resultater/${newestRound?.id ?? ''}`;

  return (
    <>
      <SkipLink href="#main">{t('common.skipToContent')}</SkipLink>
      <header className="egk-header">
        <AppLink to={home} className="egk-brand">
          <OwnerMark />
          <span className="egk-brand-text">
            <span className="egk-brand-owner">{t('shell.ownerName')}</span>
            <span className="egk-brand-app">{t('common.appName')}</span>
          </span>
        </AppLink>
        <div className="egk-header-tools">
          <nav aria-label={t('common.language')} className="egk-lang">
            {LANGS.map((l: Lang) => (
              <Button key={l} variant={l === lang ? 'primary' : 'tertiary'} data-size="sm" aria-pressed={l === lang} onClick={() => setLang(l)}
                lang={l}>
                <span className="egk-lang-long">{{ nb: 'Bokmål', nn: 'Nynorsk', en: 'English' }[l]}</span>
                <span className="egk-lang-short" aria-hidden="true">{{ nb: 'BM', nn: 'NN', en: 'EN' }[l]}</span>
              </Button>
            ))}
          </nav>
          {signedIn && (
            <>
              {viewer.canManageCampaigns && <RouterLink to="/kampanjer">{t('campaigns.navCampaigns')}</RouterLink>}
              {viewer.role === 'NATIONAL_ANALYST' && <RouterLink to="/sporreskjema">{t('questionnaire.navQuestionnaires')}</RouterLink>}
              <Dropdown.TriggerContext>
                <Dropdown.Trigger variant="tertiary" data-size="sm" className="egk-user-trigger">
                  <span className="egk-avatar" aria-hidden="true">{initials(viewer.name)}</span>
                  <span className="ds-sr-only">{t('shell.userMenu')}: </span>
                  <span className="egk-user-name">{viewer.name}</span>
                </Dropdown.Trigger>
                <Dropdown placement="bottom-end" data-size="sm">
                  <Dropdown.Heading>{t('shell.userMenuSignedInAs')}</Dropdown.Heading>
                  <Paragraph data-size="sm" className="egk-user">
                    <strong>{viewer.name}</strong>
                    <span>
                      {viewer.role ? t(`common.role.${viewer.role}`) : ''}
                      {viewer.service ? ` · ${viewer.service.name}` : viewer.office ? ` · ${viewer.office.name[lang]}` : viewer.national ? ` · ${t('common.nationalScope')}` : ''}
                    </span>
                  </Paragraph>
                  <Dropdown.List>
                    <Dropdown.Item>
                      <Dropdown.Button asChild><RouterLink to={home}>{t('shell.ownerHome')}</RouterLink></Dropdown.Button>
                    </Dropdown.Item>
                    {viewer.canManageRegister && (
                      <Dropdown.Item>
                        <Dropdown.Button asChild><RouterLink to="/register">{t('register.navRegister')}</RouterLink></Dropdown.Button>
                      </Dropdown.Item>
                    )}
                  </Dropdown.List>
                </Dropdown>
              </Dropdown.TriggerContext>
              <Button variant="secondary" data-size="sm" onClick={() => logout({}).then(() => refetch({ requestPolicy: 'network-only' }))}>
                {t('common.sign.out')}
              </Button>
            </>
          )}
        </div>
      </header>
      <main id="main" className="egk-main" tabIndex={-1} ref={main}>
        {fetching && !data ? (
          <Loading />
        ) : PUBLIC_PATHS.includes(location.pathname) ? (
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route path="/tilgjengelighetserklaering" element={<AccessibilityPage />} />
              <Route path="/personvern" element={<PrivacyPage />} />
            </Routes>
          </Suspense>
        ) : location.pathname.startsWith('/invitasjon/') ? (
          // The page of an invitation link is public: the link is the credential.
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route path="/invitasjon/:token" element={<AcceptInvitationPage oidcPath={data?.authConfig.oidcEnabled ? data.authConfig.oidcLoginPath : null}
                onSignedIn={() => { refetch({ requestPolicy: 'network-only' }); void navigate('/', { replace: true }); }} />} />
            </Routes>
          </Suspense>
        ) : !signedIn ? (
          <LoginPage oidcPath={data?.authConfig.oidcEnabled ? data.authConfig.oidcLoginPath : null} onSignedIn={() => { refetch({ requestPolicy: 'network-only' }); main.current?.focus({ preventScroll: true }); }} />
        ) : (
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route path="/tjenester/:serviceId/runder/:roundId" element={<ServicePage />} />
              <Route path="/tjenester/:serviceId/runder/:roundId/saker/:caseId" element={<CasePage />} />
              <Route path="/tjenester/:serviceId/runder/:roundId/samleskjema" element={<SummaryPage />} />
              <Route path="/tjenester/:serviceId/runder/:roundId/totaler" element={<TotalsPage />} />
              <Route path="/tjenester/:serviceId/runder/:roundId/forbedringsplan" element={<PlanPage />} />
              <Route path="/oppfolging/:roundId" element={<FunnelPage officeId={viewer.office?.id} />} />
              <Route path="/oppfolging/:roundId/rapport" element={<ReportPage officeId={viewer.office?.id} />} />
              <Route path="/oppfolging/:roundId/tjenester/:serviceId" element={<AdvisorServicePage officeId={viewer.office?.id} />} />
              <Route path="/resultater/:roundId" element={<DashboardPage />} />
              {viewer.role === 'COUNTY_ADVISOR' && <Route path="/oppfolging/:roundId/invitasjon" element={<InvitationLetterPage officeId={viewer.office?.id} />} />}
              {viewer.role === 'NATIONAL_ANALYST' && <Route path="/resultater/:roundId/invitasjon" element={<InvitationDraftPage />} />}
              <Route path="/oppsummeringer/:roundId" element={<SummariesPage analyst={viewer.role === 'NATIONAL_ANALYST'} />} />
              {viewer.role === 'NATIONAL_ANALYST' && <Route path="/resultater/:roundId/tilbakemeldinger" element={<FeedbackPage />} />}
              {viewer.role === 'NATIONAL_ANALYST' && <Route path="/resultater/:roundId/fylkesrapporter" element={<CountyReportsPage />} />}
              {viewer.role === 'NATIONAL_ANALYST' && <Route path="/resultater/:roundId/grunnlag" element={<BaselinePage />} />}
              {viewer.role === 'ADMIN' && <Route path="/admin" element={<AdminPage />} />}
              {viewer.canManageRegister && <Route path="/register/:serviceId?" element={<RegisterPage />} />}
              {viewer.role === 'NATIONAL_ANALYST' && <Route path="/sporreskjema" element={<QuestionnairesPage />} />}
              {viewer.canManageCampaigns && <Route path="/kampanjer" element={<CampaignsPage />} />}
              <Route path="*" element={<Navigate to={home} replace />} />
            </Routes>
          </Suspense>
        )}
      </main>
      <footer className="egk-footer">
        <div className="egk-footer-inner">
          <div>
            <Paragraph data-size="sm"><strong>{t('shell.ownerName')}</strong></Paragraph>
            <Paragraph data-size="sm">{t('shell.footer.owner')}</Paragraph>
          </div>
          <div>
            <Paragraph data-size="sm"><strong>{t('shell.footer.contactTitle')}</strong></Paragraph>
            <Paragraph data-size="sm">{t('shell.footer.contactBody')}</Paragraph>
          </div>
          <nav aria-label={t('shell.footer.label')}>
            <ul className="egk-footer-links">
              <li><AppLink to="/personvern">{t('shell.footer.privacy')}</AppLink></li>
              <li><AppLink to="/tilgjengelighetserklaering">{t('shell.footer.accessibility')}</AppLink></li>
              <li><Link href="mailto:postmottak@helsetilsynet.no">postmottak@helsetilsynet.no</Link></li>
            </ul>
          </nav>
        </div>
      </footer>
    </>
  );
}
