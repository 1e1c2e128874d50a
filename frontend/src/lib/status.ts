/** The Designsystemet colour of a summary form's status tag. */
export const statusColor = (s: string) =>
  (({ SUBMITTED: 'info', RETURNED: 'warning', IN_PROGRESS: 'neutral', NOT_STARTED: 'neutral' }) as const)[s] ?? 'neutral';
