/**
 * A host described by QEMU's own answer: a query-cpu-model-expansion reply
 * (static or full, as libvirt caches it) in any of the forms people keep
 * it: the whole reply `{"return": {"model": …}}`, its `return`, or the
 * bare model `{"name": …, "props": …}`. Pure: text in, model out.
 */
import { fail, ok, type Result } from './errors.js';

export interface ExpandedModel {
  name: string;
  props: Record<string, unknown>;
}

/** Does the text look like JSON (a QMP reply) rather than /proc/cpuinfo and the like? */
export function looksLikeJson(text: string): boolean {
  return text.trimStart().startsWith('{');
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** The expanded model of a query-cpu-model-expansion reply; errors name the file and what is wrong. */
export function readExpansionReply(text: string, origin: string): Result<ExpandedModel> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return fail({ code: 'malformed-json', message: `${origin}: malformed JSON: ${(e as Error).message}`, value: origin });
  }
  if (isObject(json) && isObject(json['error'])) {
    return fail({ code: 'bad-host-data', message: `${origin}: the QMP reply is an error: ${String(json['error']['desc'] ?? '')}`, value: origin });
  }
  const ret = isObject(json) && isObject(json['return']) ? json['return'] : json;
  const model = isObject(ret) && isObject(ret['model']) ? ret['model'] : ret;
  if (!isObject(model) || typeof model['name'] !== 'string') {
    return fail({ code: 'bad-host-data', message: `${origin}: not a query-cpu-model-expansion reply (no model name)`, value: origin, hint: 'pass the reply of query-cpu-model-expansion for the model host' });
  }
  return ok({ name: model['name'], props: isObject(model['props']) ? model['props'] : {} });
}
