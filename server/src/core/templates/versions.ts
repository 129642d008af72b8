// The built-in tags, filters and libraries of one Django series, and the words that say when a name came or went.

import type { Lifespan } from './builtins';
import { BUILTIN_FILTERS, BUILTIN_TAGS } from './builtins';
import { atLeast } from '../project/django-version';

/** Whether a name with this lifespan exists in `series` ("5.2"). */
export function inSeries(info: Lifespan, series: string): boolean {
  if (info.since !== undefined && !atLeast(series, info.since)) return false;
  if (info.removedIn !== undefined && atLeast(series, info.removedIn)) return false;
  return true;
}

/**
 * Why a name Django has (or had) is not there in `series`, naming both versions, or undefined when it is there.
 * `what` is how the name is shown, such as "The tag 'querystring'".
 */
export function lifespanNote(what: string, info: Lifespan, series: string): string | undefined {
  if (info.since !== undefined && !atLeast(series, info.since)) return `${what} is new in Django ${info.since}; this project uses Django ${series}.`;
  if (info.removedIn !== undefined && atLeast(series, info.removedIn)) return `${what} was removed in Django ${info.removedIn}; this project uses Django ${series}.`;
  return undefined;
}

/**
 * The built-in tags of a series. With `partials`, the partial tags count even before Django 6.0: the
 * django-template-partials app adds the same `partialdef` and `partial` to the built-ins.
 */
export function builtinTagsIn(series: string, partials = false): [string, (typeof BUILTIN_TAGS)[string]][] {
  return Object.entries(BUILTIN_TAGS).filter(([name, t]) => inSeries(t, series) || (partials && (name === 'partialdef' || name === 'partial')));
}

export function builtinFiltersIn(series: string): [string, (typeof BUILTIN_FILTERS)[string]][] {
  return Object.entries(BUILTIN_FILTERS).filter(([, f]) => inSeries(f, series));
}
