// The list of API tokens, with revoking behind a confirmation dialog.
import { useEffect, useRef, useState } from 'react';
import { useMutation, type CombinedError } from 'urql';
import { Alert, Button, Dialog, Heading, Paragraph, Table, Tag } from '@digdir/designsystemet-react';
import { graphql } from '../../gql';
import type { AdminPageQuery } from '../../gql/graphql';
import { errorMessage } from '../../api';
import { formatDate, formatDateTime, localized, useI18n } from '../../i18n';
import { lastValidDay, osloDate, tokenScope, tokenState } from '../../lib/admin';
import { TableRegion } from '../../components/TableRegion';
import { SkeletonRows } from './shared';
import styles from './Tokens.module.css';

const RevokeToken = graphql(`
  mutation RevokeApiToken($id: ID!) { revokeApiToken(id: $id) { id revokedAt } }
`);

type Token = AdminPageQuery['apiTokens'][number];

/** TokenState is a token's state as a tag: active, expired or revoked (with the day). */
function TokenState({ token }: { token: Token }) {
  const { t } = useI18n();
  const state = tokenState(token);
  if (state === 'revoked') return <Tag data-color="neutral">{t('admin.state.revoked', { date: formatDate(token.revokedAt && osloDate(token.revokedAt)) })}</Tag>;
  if (state === 'expired') return <Tag data-color="warning">{t('admin.state.expired')}</Tag>;
  return <Tag data-color="success">{t('admin.state.active')}</Tag>;
}

export function TokenList({ tokens, refresh }: { tokens: Token[] | undefined; refresh: () => void }) {
  const { t, lang } = useI18n();
  const [target, setTarget] = useState<Token | null>(null);
  const [dialogOpen, setDialogOpen] = useState(false);
  const [revoked, revokeToken] = useMutation(RevokeToken);
  const [revokedName, setRevokedName] = useState<string | null>(null);
  const [revokeError, setRevokeError] = useState<CombinedError | null>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  const revokedMessage = useRef<HTMLDivElement>(null);
  useEffect(() => { if (dialogOpen) cancelButton.current?.focus(); }, [dialogOpen]);
  useEffect(() => { if (revokedName) revokedMessage.current?.focus(); }, [revokedName]);

  const confirmRevoke = async () => {
    if (!target) return;
    const res = await revokeToken({ id: target.id });
    if (res.error) { setRevokeError(res.error); return; }
    setDialogOpen(false);
    setRevokedName(target.name);
    refresh();
  };
  const scopeLabel = (tok: Token) => {
    const s = tokenScope(tok);
    return s.kind === 'national' ? t('admin.scope.national') : s.kind === 'office' ? localized(s.name, lang) : s.name;
  };

  return (
    <>
      <Heading level={3} data-size="sm" id="admin-token-list">{t('admin.token.list')}</Heading>
      {revokedName && (
        <Alert data-color="success" role="status" ref={revokedMessage} tabIndex={-1}>{t('admin.revoked', { name: revokedName })}</Alert>
      )}
      <TableRegion label={t('admin.token.list')} busy={!tokens}>
        <Table>
          <Table.Head>
            <Table.Row>
              <Table.HeaderCell>{t('admin.col.name')}</Table.HeaderCell>
              <Table.HeaderCell>{t('admin.col.scope')}</Table.HeaderCell>
              <Table.HeaderCell>{t('admin.col.created')}</Table.HeaderCell>
              <Table.HeaderCell>{t('admin.col.expires')}</Table.HeaderCell>
              <Table.HeaderCell>{t('admin.col.lastUsed')}</Table.HeaderCell>
              <Table.HeaderCell>{t('common.status.label')}</Table.HeaderCell>
              <Table.HeaderCell><span className="ds-sr-only">{t('admin.col.actions')}</span></Table.HeaderCell>
            </Table.Row>
          </Table.Head>
          <Table.Body>
            {!tokens ? <SkeletonRows rows={3} cols={7} /> : tokens.length === 0 ? (
              <Table.Row><Table.Cell colSpan={7}>{t('admin.noTokens')}</Table.Cell></Table.Row>
            ) : tokens.map((tok) => (
              <Table.Row key={tok.id}>
                <Table.Cell>{tok.name}</Table.Cell>
                <Table.Cell>{scopeLabel(tok)}</Table.Cell>
                <Table.Cell className={styles.num}>{formatDateTime(tok.createdAt, lang)}</Table.Cell>
                <Table.Cell className={styles.num}>{tok.expiresAt ? formatDate(lastValidDay(tok.expiresAt)) : t('admin.never')}</Table.Cell>
                <Table.Cell className={styles.num}>{tok.lastUsedAt ? formatDateTime(tok.lastUsedAt, lang) : t('admin.notUsed')}</Table.Cell>
                <Table.Cell><TokenState token={tok} /></Table.Cell>
                <Table.Cell>
                  {!tok.revokedAt && (
                    <Button variant="tertiary" data-color="danger" data-size="sm" aria-label={t('admin.revoke.named', { name: tok.name })}
                      onClick={() => { setRevokeError(null); setTarget(tok); setDialogOpen(true); }}>
                      {t('admin.revoke.label')}
                    </Button>
                  )}
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table>
      </TableRegion>
      <Dialog open={dialogOpen} onClose={() => setDialogOpen(false)} closeButton={t('admin.close')} aria-labelledby="admin-revoke-title">
        <Dialog.Block>
          <Heading level={2} data-size="xs" id="admin-revoke-title">{t('admin.revoke.title', { name: target?.name ?? '' })}</Heading>
        </Dialog.Block>
        <Dialog.Block className="egk-stack">
          <Paragraph>{t('admin.revoke.text')}</Paragraph>
          {revokeError && <Alert data-color="danger">{errorMessage(revokeError) ?? t('common.errorGeneric')}</Alert>}
          <div className="egk-row">
            <Button data-color="danger" onClick={confirmRevoke} disabled={revoked.fetching}>{t('admin.revoke.confirm')}</Button>
            <Button variant="secondary" ref={cancelButton} onClick={() => setDialogOpen(false)}>{t('admin.cancel')}</Button>
          </div>
        </Dialog.Block>
      </Dialog>
    </>
  );
}
