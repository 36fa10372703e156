/**
 * An action's input and output names, declared once. The adapter can only read
 * and write names listed here (the types see to it), and a test checks that
 * this list and the action's action.yml agree both ways.
 */
export interface ActionSpec<I extends string = string, O extends string = string> {
  name: string;
  inputs: readonly I[];
  outputs: readonly O[];
}

export function defineAction<const I extends string, const O extends string>(spec: ActionSpec<I, O>): ActionSpec<I, O> {
  return spec;
}
