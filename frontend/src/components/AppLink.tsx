import { Link as DsLink } from '@digdir/designsystemet-react';
import { Link as RouterLink, type LinkProps } from 'react-router-dom';

/** AppLink is a link inside the app: Designsystemet's Link, navigating without a page load. */
export function AppLink(props: LinkProps) {
  return (
    <DsLink asChild>
      <RouterLink {...props} />
    </DsLink>
  );
}
