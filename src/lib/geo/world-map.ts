import { type GeoContext, geoCentroid, geoEqualEarth, geoPath, type GeoPermissibleObjects } from "d3-geo";
import { feature, merge } from "topojson-client";
import type { GeometryCollection, GeometryObject, Topology } from "topojson-specification";
import atlas from "world-atlas/countries-110m.json";
import { alpha2FromNumeric } from "./country-codes";

// Natural Earth's 1:110m countries (world-atlas), projected once per process; nothing is fetched at run time.

/** The map's coordinate space: 2000 units wide, so whole-unit coordinates keep the 110m detail. */
export const MAP_WIDTH = 2000;

export interface MapShape {
  /** ISO 3166-1 alpha-2; null for the few features that have no code. */
  code: string | null;
  /** SVG path data, whole units, relative moves. */
  d: string;
}

export interface WorldMap {
  width: number;
  height: number;
  shapes: MapShape[];
  /** Where to draw a marker for a code, if the place needs one (absent from the 110m map, or too small to click). */
  markerAt(code: string): [number, number] | null;
}

// Approximate centres of countries and regions the 110m map leaves out, as [longitude, latitude].
const SMALL_PLACES: Record<string, [number, number]> = {
  HK: [114.17, 22.32], MO: [113.55, 22.19], BH: [50.55, 26.07], SG: [103.82, 1.35], MT: [14.45, 35.9],
  MU: [57.55, -20.2], MV: [73.5, 4.17], CV: [-23.6, 15.1], KM: [43.3, -11.7], SC: [55.45, -4.62],
  BB: [-59.55, 13.1], AG: [-61.8, 17.1], DM: [-61.35, 15.4], GD: [-61.7, 12.1], KN: [-62.75, 17.3],
  LC: [-60.98, 13.9], VC: [-61.2, 13.25], WS: [-172.1, -13.75], TO: [-175.2, -21.2], KI: [173.0, 1.4],
  FM: [158.2, 6.9], MH: [171.4, 7.1], PW: [134.5, 7.5], NR: [166.93, -0.52], TV: [179.2, -8.5],
  ST: [6.7, 0.3], AD: [1.55, 42.5], LI: [9.55, 47.15], MC: [7.42, 43.74], SM: [12.45, 43.94], VA: [12.45, 41.9],
};

/** A drawn country smaller than this (in map units, both ways) also gets a marker, so it can be found and clicked. */
const MIN_CLICKABLE = 14;

const ANTARCTICA = "010";
const CHINA = "156";
// Shown as part of China, as the agency's own maps show it.
const SHOWN_WITH_CHINA = new Set(["158"]);

type CountryObject = GeometryObject<{ name: string }> & { id?: string | number };

/** Path data from projected rings: whole units, relative moves, repeated points dropped. */
function pathData(rings: [number, number][][]): string {
  let out = "";
  let cx = 0;
  let cy = 0;
  const pair = (dx: number, dy: number) => `${dx < 0 ? "" : " "}${dx}${dy < 0 ? "" : " "}${dy}`;
  for (const ring of rings) {
    if (ring.length < 3) continue;
    const [x0, y0] = ring[0]!;
    out += out ? `m${pair(x0 - cx, y0 - cy)}` : `M${pair(x0, y0)}`;
    let segment = "";
    let [px, py] = [x0, y0];
    for (const [x, y] of ring.slice(1)) {
      segment += pair(x - px, y - py);
      [px, py] = [x, y];
    }
    out += `l${segment.trimStart()}z`;
    [cx, cy] = [x0, y0];
  }
  return out;
}

function buildWorldMap(): WorldMap {
  const topology = atlas as unknown as Topology<{ countries: GeometryCollection<{ name: string }> }>;
  const geometries = topology.objects.countries.geometries as CountryObject[];
  const withChina = geometries.filter((g) => String(g.id) === CHINA || SHOWN_WITH_CHINA.has(String(g.id)));
  const china = { type: "Feature" as const, id: CHINA, properties: {}, geometry: merge(topology, withChina as never) };
  const features = [
    ...geometries
      .filter((g) => String(g.id) !== ANTARCTICA && String(g.id) !== CHINA && !SHOWN_WITH_CHINA.has(String(g.id)))
      .map((g) => feature(topology, g as never) as GeoJSON.Feature),
    china as GeoJSON.Feature,
  ];
  const projection = geoEqualEarth().fitWidth(MAP_WIDTH, { type: "FeatureCollection", features } as GeoPermissibleObjects);
  const [[, top], [, bottom]] = geoPath(projection).bounds({ type: "FeatureCollection", features } as GeoPermissibleObjects);
  const height = Math.ceil(bottom - top);

  const small = new Map<string, [number, number]>();
  const shapes: MapShape[] = [];
  for (const f of features) {
    const code = alpha2FromNumeric(f.id);
    const rings: [number, number][][] = [];
    let ring: [number, number][] = [];
    const context: GeoContext = {
      beginPath() {},
      moveTo(x: number, y: number) {
        ring = [[Math.round(x), Math.round(y)]];
        rings.push(ring);
      },
      lineTo(x: number, y: number) {
        const point: [number, number] = [Math.round(x), Math.round(y)];
        const last = ring[ring.length - 1]!;
        if (point[0] !== last[0] || point[1] !== last[1]) ring.push(point);
      },
      closePath() {},
      arc() {},
    };
    geoPath(projection, context)(f as GeoPermissibleObjects);
    shapes.push({ code, d: pathData(rings) });
    if (code) {
      const [[x0, y0], [x1, y1]] = geoPath(projection).bounds(f as GeoPermissibleObjects);
      if (x1 - x0 < MIN_CLICKABLE && y1 - y0 < MIN_CLICKABLE) {
        const centre = projection(geoCentroid(f as GeoPermissibleObjects));
        if (centre) small.set(code, [Math.round(centre[0]), Math.round(centre[1])]);
      }
    }
  }
  const drawn = new Set(shapes.map((s) => s.code));
  for (const [code, lonLat] of Object.entries(SMALL_PLACES)) {
    if (drawn.has(code)) continue;
    const point = projection(lonLat);
    if (point) small.set(code, [Math.round(point[0]), Math.round(point[1])]);
  }
  return { width: MAP_WIDTH, height, shapes, markerAt: (code) => small.get(code.toUpperCase()) ?? null };
}

let built: WorldMap | undefined;

/** The projected world map, built on first use. */
export function worldMap(): WorldMap {
  built ??= buildWorldMap();
  return built;
}
