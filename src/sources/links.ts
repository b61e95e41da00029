import type { NoteFacts } from '../corpus/formats.js';

/** A section's address from its source's link template: `{slug}`, `{path}`, `{date:yyyy|mm|dd}`, plus `#anchor`. */
export function formLink(template: string, facts: NoteFacts, anchor: string): string | undefined {
  const [yyyy, mm, dd] = facts.date?.split('-') ?? [];
  let missing = false;
  const filled = template.replace(/\{(slug|path|date:yyyy|date:mm|date:dd)\}/g, (_m, key: string) => {
    const value =
      key === 'slug'
        ? encodeURIComponent(facts.slug)
        : key === 'path'
          ? facts.sitePath.split('/').map(encodeURIComponent).join('/')
          : key === 'date:yyyy'
            ? yyyy
            : key === 'date:mm'
              ? mm
              : dd;
    if (value === undefined) missing = true;
    return value ?? '';
  });
  // a dated link for an undated note would point nowhere; `{path}` of a folder's own page may be empty
  if (missing) return undefined;
  const url = filled.replace(/([^:/])\/{2,}/g, '$1/');
  if (!/^https?:\/\//i.test(url)) return undefined;
  return anchor ? `${url}#${encodeURIComponent(anchor)}` : url;
}
