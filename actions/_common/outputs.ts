import * as core from '@actions/core';

/** Writes only the outputs the action declared; objects are written as JSON. */
export class Outputs<N extends string> {
  readonly written = new Map<N, string>();

  set(name: N, value: string | number | boolean | object): void {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    this.written.set(name, text);
    core.setOutput(name, text);
  }
}
