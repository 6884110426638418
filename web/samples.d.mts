/** Types of `samples.mjs` (plain JS, so Node and the e2e test import it as it is). */
export interface Sample {
  id: string;
  label: string;
  text: string;
  query: string;
  fileName?: string;
}
export declare const SAMPLES: ReadonlyArray<Sample>;
