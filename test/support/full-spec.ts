// Tests often build a transition system in one object, initial states included: a FullSpec.
// `modelOf` turns one into a model (init beside spec, as the API has it), `fullSpecOf` a
// model's instance back into one, for the reference explorer.
import { defineModel, type Model, type Spec } from '../../src/api/model.ts';

export type FullSpec<S> = Spec<S> & { readonly init: Iterable<S> };

export function modelOf<S>(full: FullSpec<S>, name = 't'): Model<S, {}> {
  const { init, ...spec } = full;
  return defineModel({ name, init, spec: () => spec });
}

export function fullSpecOf<S>(model: Model<S>, constants: { readonly [name: string]: unknown } = {}): FullSpec<S> {
  const init = typeof model.init === 'function' ? model.init(constants) : model.init;
  return { ...model.spec(constants), init: [...init] };
}
