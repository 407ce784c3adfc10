// Container image references as logs print them: `[registry/]repo[:tag][@digest]`.
// Kubernetes versions become Docker tags with `+` replaced by `_` (`v1.33.0-alpha.1.122+c81431de59a3bf`
// is tagged `v1.33.0-alpha.1.122_c81431de59a3bf`), so tags compare with `+` and `_` as one.

export interface ImageRef {
  /** The reference exactly as logged. */
  image: string;
  repository: string;
  tag: string | null;
  digest: string | null;
}

const REPO = /^[a-z0-9][a-z0-9._\-/:]*[a-z0-9]$/i;
const TAG = /^[\w][\w.+-]{0,127}$/;
const DIGEST = /^[a-z0-9]+:[0-9a-f]{32,}$/i;

/** Trims quotes and trailing punctuation a log may glue to a reference. */
export function cleanRef(raw: string): string {
  return raw.replace(/^[\s"'`(\\]+/, '').replace(/[\s"'`),.;\\]+$/, '');
}

export function parseImageRef(raw: string): ImageRef | null {
  const image = cleanRef(raw.replace(/^docker:\/\//, ''));
  if (image === '' || image.length > 512) return null;
  const at = image.indexOf('@');
  const named = at >= 0 ? image.slice(0, at) : image;
  const digest = at >= 0 ? image.slice(at + 1) : null;
  if (digest !== null && !DIGEST.test(digest)) return null;
  const slash = named.lastIndexOf('/');
  const colon = named.lastIndexOf(':');
  const hasTag = colon > slash;
  const repository = hasTag ? named.slice(0, colon) : named;
  const tag = hasTag ? named.slice(colon + 1) : null;
  if (!REPO.test(repository) && !/^[a-z0-9]$/i.test(repository)) return null;
  if (tag !== null && !TAG.test(tag)) return null;
  return { image, repository, tag, digest };
}

/** Comparable form: Docker Hub prefixes dropped, repository lower-cased, `+` in tags as `_`. */
export function canonicalRef(raw: string): string | null {
  const ref = parseImageRef(raw);
  if (!ref) return null;
  const repo = canonicalRepository(ref.repository);
  if (ref.digest) return `${repo}@${ref.digest.toLowerCase()}`;
  return `${repo}:${(ref.tag ?? 'latest').replaceAll('+', '_')}`;
}

export function canonicalRepository(repository: string): string {
  return repository
    .toLowerCase()
    .replace(/^(?:docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '')
    .replace(/^library\//, '');
}

const VERSION = /^v?\d+\.\d+(?:\.\d+)?(?:[-+_.][0-9A-Za-z]+)*$/;

export function looksLikeVersion(s: string): boolean {
  return VERSION.test(s);
}

/** A tag written back as the version it encodes (`_` -> `+` after the patch number). */
export function tagToVersion(tag: string): string {
  return looksLikeVersion(tag) ? tag.replaceAll('_', '+') : tag;
}

/** `v1.33` of `v1.33.0-alpha.1.122+c81431de59a3bf`; null when not a version. */
export function versionLine(version: string): string | null {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  return m ? `${m[1]}.${m[2]}` : null;
}

/**
 * The image as the run asked for it, when `requested` (as a command or tool asked for it) is the
 * reference a tool printed as `found`: the same repository, or `found` without the registry host the
 * request wrote (docker's progress line and GAR's error body drop it); the same tag, or none requested
 * where the tool printed its default; the same digest (docker drops the tag of `repo:tag@digest` when
 * it reports the digest). The repository as requested, the tag as requested or else as the tool printed it.
 */
export function asRequested(requested: string, found: string): string | null {
  const r = parseImageRef(requested);
  const f = parseImageRef(found);
  if (!r || !f) return null;
  if (!sameRepository(r.repository, f.repository)) return null;
  const same = (a: string | null, b: string | null) => a === null || b === null || a.toLowerCase() === b.toLowerCase();
  if (!same(r.digest, f.digest) || (r.digest === null && f.digest !== null)) return null;
  if (!same(r.tag?.replaceAll('+', '_') ?? null, f.tag?.replaceAll('+', '_') ?? null)) return null;
  if (r.tag === null && f.tag === null && (r.digest ?? f.digest) === null) return r.repository;
  const tag = r.tag ?? f.tag;
  const digest = r.digest ?? f.digest;
  return `${r.repository}${tag ? `:${tag}` : ''}${digest ? `@${digest}` : ''}`;
}

/** The same repository, or `printed` without the registry host `requested` names. */
export function sameRepository(requested: string, printed: string): boolean {
  const r = canonicalRepository(requested);
  const p = canonicalRepository(printed);
  return r === p || r.endsWith(`/${p}`);
}

/**
 * What a pull command asked for, given docker's progress line for it (`<tag>: Pulling from <repo>`, host
 * dropped): the command's reference when it names a tag or digest, else its repository with the tag the
 * progress line names (`docker pull -a X` pulls each tag in turn). Null when the progress is about another image.
 */
export function pulledAs(command: string, progress: string): string | null {
  const c = parseImageRef(command);
  const p = parseImageRef(progress);
  if (!c || !p || !sameRepository(c.repository, p.repository)) return null;
  if (c.tag !== null || c.digest !== null || p.tag === null) return c.image;
  return `${c.repository}:${p.tag}`;
}
