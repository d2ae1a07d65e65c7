/** The detail page of an account; keys such as `domain:acme.com` or an address are encoded. */
export function accountPath(accountKey: string): string {
  return `/relationships/${encodeURIComponent(accountKey)}`;
}
