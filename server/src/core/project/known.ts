// What the model knows of Django's own apps without reading them, for when no Python environment is available.

export interface KnownApp {
  label: string;
  /** Template names these apps ship start with one of these (so names under them are never claimed missing). */
  templatePrefixes: string[];
  /** Tag libraries the app provides. */
  libraries: string[];
}

/** Django's contrib apps (and django.forms), by module name; read from Django's source tree. */
export const KNOWN_APPS: Record<string, KnownApp> = {
  // admin_filters (and auth's `auth` library) came in Django 6.0: tag-library-unknown checks the series of libraries known only from here.
  'django.contrib.admin': { label: 'admin', templatePrefixes: ['admin/', 'registration/'], libraries: ['admin_filters', 'admin_list', 'admin_modify', 'admin_urls', 'log'] },
  'django.contrib.admindocs': { label: 'admindocs', templatePrefixes: ['admin_doc/'], libraries: [] },
  'django.contrib.auth': { label: 'auth', templatePrefixes: ['auth/', 'registration/'], libraries: ['auth'] },
  'django.contrib.contenttypes': { label: 'contenttypes', templatePrefixes: [], libraries: [] },
  'django.contrib.flatpages': { label: 'flatpages', templatePrefixes: [], libraries: ['flatpages'] },
  'django.contrib.gis': { label: 'gis', templatePrefixes: ['gis/'], libraries: [] },
  'django.contrib.humanize': { label: 'humanize', templatePrefixes: [], libraries: ['humanize'] },
  'django.contrib.messages': { label: 'messages', templatePrefixes: [], libraries: [] },
  'django.contrib.postgres': { label: 'postgres', templatePrefixes: ['postgres/'], libraries: [] },
  'django.contrib.redirects': { label: 'redirects', templatePrefixes: [], libraries: [] },
  'django.contrib.sessions': { label: 'sessions', templatePrefixes: [], libraries: [] },
  'django.contrib.sitemaps': { label: 'sitemaps', templatePrefixes: ['sitemap.xml', 'sitemap_index.xml'], libraries: [] },
  'django.contrib.sites': { label: 'sites', templatePrefixes: [], libraries: [] },
  'django.contrib.staticfiles': { label: 'staticfiles', templatePrefixes: [], libraries: [] },
  'django.contrib.syndication': { label: 'syndication', templatePrefixes: [], libraries: [] },
  'django.forms': { label: 'forms', templatePrefixes: ['django/forms/'], libraries: [] },
};

/** Libraries Django's template engine always offers to `{% load %}` (django/templatetags). */
export const DJANGO_LIBRARIES = ['cache', 'i18n', 'l10n', 'static', 'tz'];

/** The known app an INSTALLED_APPS entry names, as a module or as one of its AppConfig paths. */
export function knownAppOf(entry: string): { name: string; app: KnownApp } | undefined {
  for (const name of Object.keys(KNOWN_APPS)) {
    if (entry === name || entry.startsWith(name + '.apps.')) return { name, app: KNOWN_APPS[name] };
  }
  return undefined;
}
