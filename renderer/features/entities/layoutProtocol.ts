export type LayoutRequest =
  | {
      kind: 'start';
      id: number;
      count: number;
      /** Node index pairs. */
      edges: Uint32Array;
      /** Known positions (x, y per node; NaN for a new node), so a reload does not scramble the picture. */
      init: Float32Array | null;
    }
  | { kind: 'stop' };

export type LayoutUpdate = { id: number; positions: Float32Array; done: boolean; ticks: number };
