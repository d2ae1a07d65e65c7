/**
 * The address the demo's emulators push to and its links name: CALINTEL_PUBLIC_URL, else the
 * service's own address. An empty setting means unset, as config reads it (`PORT=` is 8000, not
 * an address with no port).
 */
export function demoPublicUrl(environment: Readonly<Record<string, string | undefined>>): string {
  const given = environment['CALINTEL_PUBLIC_URL'];
  if (given) return given;
  const host = environment['HOST'] || '127.0.0.1';
  const port = environment['PORT'] || '8000';
  return `http://${host}:${port}`;
}
