// A tile-grid map: each country one equal square near its place in the world, with no borders drawn.

/**
 * Approximate centres as [longitude, latitude] in whole degrees (the largest landmass of each country; small island
 * states at their capital). Only used to order tiles left to right and top to bottom.
 */
const CENTRES: Record<string, [number, number]> = {
  AD: [2, 43], AE: [54, 24], AF: [66, 34], AG: [-62, 17], AL: [20, 41], AM: [45, 40], AO: [17, -12],
  AR: [-65, -35], AT: [14, 48], AU: [134, -26], AZ: [48, 40], BA: [18, 44], BB: [-60, 13], BD: [90, 24],
  BE: [5, 51], BF: [-2, 12], BG: [25, 43], BH: [51, 26], BI: [30, -3], BJ: [2, 10], BN: [115, 5],
  BO: [-65, -17], BR: [-53, -11], BS: [-78, 25], BT: [90, 27], BW: [24, -22], BY: [28, 53], BZ: [-89, 17],
  CA: [-98, 58], CD: [24, -3], CF: [20, 7], CG: [15, -1], CH: [8, 47], CI: [-6, 8], CL: [-71, -36],
  CM: [13, 6], CN: [103, 37], CO: [-73, 4], CR: [-84, 10], CU: [-79, 22], CV: [-24, 15], CY: [33, 35],
  CZ: [15, 50], DE: [10, 51], DJ: [42, 12], DK: [9, 56], DM: [-61, 15], DO: [-70, 19], DZ: [3, 28],
  EC: [-78, -1], EE: [26, 59], EG: [30, 26], EH: [-12, 24], ER: [39, 15], ES: [-4, 40], ET: [40, 9],
  FI: [26, 64], FJ: [178, -18], FK: [-59, -52], FM: [158, 7], FR: [2, 47], GA: [12, -1], GB: [-3, 54],
  GD: [-62, 12], GE: [43, 42], GH: [-1, 8], GL: [-42, 73], GM: [-15, 13], GN: [-11, 10], GQ: [10, 2],
  GR: [23, 39], GT: [-90, 16], GW: [-15, 12], GY: [-59, 5], HK: [114, 22], HN: [-87, 15], HR: [17, 45],
  HT: [-73, 19], HU: [19, 47], ID: [114, 0], IE: [-8, 53], IL: [35, 31], IN: [80, 23], IQ: [44, 33],
  IR: [54, 32], IS: [-19, 65], IT: [12, 43], JM: [-77, 18], JO: [37, 31], JP: [137, 36], KE: [38, 1],
  KG: [75, 42], KH: [105, 13], KI: [173, 1], KM: [43, -12], KN: [-63, 17], KP: [127, 40], KR: [128, 36],
  KW: [48, 29], KZ: [67, 48], LA: [104, 18], LB: [36, 34], LC: [-61, 14], LI: [10, 47], LK: [81, 8],
  LR: [-9, 6], LS: [28, -30], LT: [24, 55], LU: [6, 50], LV: [25, 57], LY: [18, 27], MA: [-9, 30], MC: [7, 44],
  MD: [28, 47], ME: [19, 43], MG: [47, -19], MH: [171, 7], MK: [22, 42], ML: [-4, 17], MM: [97, 21],
  MN: [103, 47], MO: [114, 22], MR: [-10, 20], MT: [14, 36], MU: [58, -20], MV: [74, 4], MW: [34, -13],
  MX: [-102, 24], MY: [115, 4], MZ: [36, -17], NA: [17, -22], NC: [166, -21], NE: [9, 17], NG: [8, 10],
  NI: [-85, 13], NL: [5, 52], NO: [12, 64], NP: [84, 28], NR: [167, -1], NZ: [171, -44], OM: [56, 21],
  PA: [-80, 9], PE: [-74, -9], PG: [144, -7], PH: [122, 16], PK: [69, 30], PL: [19, 52], PR: [-66, 18],
  PS: [35, 32], PT: [-8, 40], PW: [135, 8], PY: [-58, -23], QA: [51, 25], RO: [25, 46], RS: [21, 44],
  RU: [96, 66], RW: [30, -2], SA: [45, 24], SB: [159, -8], SC: [55, -5], SD: [30, 16], SE: [16, 62],
  SG: [104, 1], SI: [15, 46], SK: [19, 49], SL: [-12, 9], SM: [12, 44], SN: [-15, 14], SO: [46, 5],
  SR: [-56, 4], SS: [30, 7], ST: [7, 0], SV: [-89, 14], SY: [39, 35], SZ: [31, -26], TD: [19, 15],
  TF: [70, -49], TG: [1, 8], TH: [101, 15], TJ: [71, 39], TL: [126, -9], TM: [59, 39], TN: [10, 34],
  TO: [-175, -21], TR: [35, 39], TT: [-61, 10], TV: [179, -8], TZ: [35, -6], UA: [31, 49], UG: [32, 1],
  US: [-99, 40], UY: [-56, -33], UZ: [63, 42], VA: [12, 42], VC: [-61, 13], VE: [-66, 7], VN: [106, 17],
  VU: [167, -15], WS: [-172, -14], YE: [48, 16], ZA: [25, -29], ZM: [28, -13], ZW: [30, -19],
};

export interface Tile {
  code: string;
  /** Zero-based column and row. */
  col: number;
  row: number;
}

export interface TileGrid {
  tiles: Tile[];
  cols: number;
  rows: number;
  /** Codes with no known position: listed in the table only. */
  unplaced: string[];
}

// One cell spans this many degrees before the grid is closed up.
const CELL_DEGREES = 15;

/** Whether a code has a place on the grid. */
export function hasTilePosition(code: string): boolean {
  return Object.hasOwn(CENTRES, code.toUpperCase());
}

/**
 * Lays out the given countries: each goes to the cell its centre falls in, or the nearest free one; then empty
 * columns and rows are closed up, so a few countries fill a phone's width without tiny tiles.
 */
export function tileGrid(codes: string[]): TileGrid {
  const unique = [...new Set(codes.map((c) => c.toUpperCase()))];
  const unplaced = unique.filter((c) => !hasTilePosition(c)).sort();
  // North to south, then west to east: the same input always gives the same picture.
  const placed = unique
    .filter(hasTilePosition)
    .map((code) => ({ code, lon: CENTRES[code]![0], lat: CENTRES[code]![1] }))
    .sort((a, b) => b.lat - a.lat || a.lon - b.lon || a.code.localeCompare(b.code));

  const taken = new Map<string, string>();
  const cells: Tile[] = [];
  for (const p of placed) {
    const x = (p.lon + 180) / CELL_DEGREES;
    const y = (90 - p.lat) / CELL_DEGREES;
    let best: [number, number] | null = null;
    let bestDistance = Infinity;
    for (let radius = 0; best === null; radius++) {
      for (let dc = -radius; dc <= radius; dc++) {
        for (let dr = -radius; dr <= radius; dr++) {
          if (Math.max(Math.abs(dc), Math.abs(dr)) !== radius) continue;
          const col = Math.floor(x) + dc;
          const row = Math.floor(y) + dr;
          if (row < 0 || taken.has(`${col},${row}`)) continue;
          const distance = (col + 0.5 - x) ** 2 + (row + 0.5 - y) ** 2;
          if (distance < bestDistance) [best, bestDistance] = [[col, row], distance];
        }
      }
    }
    taken.set(`${best[0]},${best[1]}`, p.code);
    cells.push({ code: p.code, col: best[0], row: best[1] });
  }

  const squeeze = (values: number[]) => {
    const used = [...new Set(values)].sort((a, b) => a - b);
    const index = new Map<number, number>();
    let next = 0;
    for (const v of used) index.set(v, next++);
    return { index, size: next };
  };
  const cols = squeeze(cells.map((c) => c.col));
  const rows = squeeze(cells.map((c) => c.row));
  return {
    tiles: cells.map((c) => ({ code: c.code, col: cols.index.get(c.col)!, row: rows.index.get(c.row)! })),
    cols: cols.size,
    rows: rows.size,
    unplaced,
  };
}
