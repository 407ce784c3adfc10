// The one GitHub web-URL helper: the web host for an API base URL (api.github.com -> github.com,
// `https://api.<host>` -> `https://<host>`, GHES `https://<host>[/prefix]/api/v3` -> `https://<host>[/prefix]`),
// or the configured server URL (GITHUB_SERVER_URL in Actions) when there is one.
export function githubWebUrl(apiUrl: string, serverUrl?: string | null): string {
  if (serverUrl) return serverUrl.replace(/\/+$/, '');
  const u = new URL(apiUrl);
  if (u.hostname === 'api.github.com') return 'https://github.com';
  if (u.hostname.startsWith('api.') && u.pathname.replace(/\/+$/, '') === '')
    return `${u.protocol}//${u.host.slice(4)}`;
  return `${u.protocol}//${u.host}${u.pathname.replace(/\/api\/v3\/?$/, '').replace(/\/+$/, '')}`;
}
