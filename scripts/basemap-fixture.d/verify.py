"""Check a basemap fixture and tell what it holds.

    python verify.py FILE.pmtiles

Reads it with the `pmtiles` package, decodes every tile with
`mapbox_vector_tile`, checks what the project's tests rely on and prints a
summary. Exits non-zero when a check fails.
"""

import collections
import gzip
import json
import math
import sys

import mapbox_vector_tile
from pmtiles.reader import MmapSource, Reader, all_tiles
from pmtiles.tile import Compression, TileType

V4_LAYERS = {"earth", "landcover", "landuse", "water", "roads", "buildings", "boundaries", "places", "transit", "pois"}
WANTED = ["earth", "water", "landuse", "roads", "buildings", "places", "pois"]


def tile_of(lon, lat, z):
    n = 1 << z
    x = int((lon + 180) / 360 * n)
    y = int((1 - math.asinh(math.tan(math.radians(lat))) / math.pi) / 2 * n)
    return x, y


def main(path):
    failures = []

    def check(ok, what):
        if not ok:
            failures.append(what)

    with open(path, "rb") as f:
        get = MmapSource(f)
        reader = Reader(get)
        h = reader.header()
        meta = reader.metadata()
        tiles = {zxy: data for zxy, data in all_tiles(get)}

    bounds = [h[k] / 1e7 for k in ("min_lon_e7", "min_lat_e7", "max_lon_e7", "max_lat_e7")]
    print(f"header: tile type {TileType(h['tile_type']).name}, tile compression {Compression(h['tile_compression']).name}, "
          f"zoom {h['min_zoom']}-{h['max_zoom']}, bounds W,S,E,N {','.join(f'{v:.7f}' for v in bounds)}, "
          f"center {h['center_lon_e7'] / 1e7:.5f},{h['center_lat_e7'] / 1e7:.5f} z{h['center_zoom']}")
    check(h["tile_type"] == TileType.MVT, "tile type is MVT")
    check(h["tile_compression"] == Compression.GZIP, "tile compression is gzip")
    check(h["max_zoom"] == 14, "max zoom is 14")
    print(f"metadata: version {meta.get('version')!r}, attribution {meta.get('attribution')!r}, "
          f"vector_layers {[l['id'] for l in meta.get('vector_layers', [])]}")
    check(str(meta.get("version", "")).startswith("4."), "metadata version 4.x")
    check("OpenStreetMap" in meta.get("attribution", ""), "OpenStreetMap attribution")
    check({l["id"] for l in meta.get("vector_layers", [])} <= V4_LAYERS, "only v4 layer names")

    by_zoom = collections.Counter(z for z, _, _ in tiles)
    print("tiles per zoom:", dict(sorted(by_zoom.items())), f"({len(tiles)} tiles)")

    decoded = {}
    for zxy, data in tiles.items():
        check(data[:2] == b"\x1f\x8b", f"tile {zxy} is gzip")
        decoded[zxy] = mapbox_vector_tile.decode(gzip.decompress(data))

    layers_seen = collections.defaultdict(set)
    name_keys = collections.defaultdict(set)
    arabic = set()
    for (z, x, y), layers in decoded.items():
        for layer, content in layers.items():
            check(layer in V4_LAYERS, f"layer {layer} is a v4 layer")
            layers_seen[layer].add(z)
            for feat in content["features"]:
                props = feat["properties"]
                check("kind" in props and "min_zoom" in props, f"{layer} feature has kind and min_zoom")
                for k, v in props.items():
                    if k.startswith("name:"):
                        name_keys[layer].add(k)
                        if k == "name:ar":
                            arabic.add((layer, props.get("name"), v, z))
    for layer in WANTED:
        check(layer in layers_seen, f"layer {layer} present")
        zs = sorted(layers_seen.get(layer, []))
        print(f"layer {layer}: zooms {zs[0] if zs else '-'}-{zs[-1] if zs else '-'}")
    check(arabic, "some name:ar")
    print("name:xx keys in places:", " ".join(sorted(name_keys["places"])))
    for layer in sorted(name_keys):
        if layer != "places":
            print(f"name:xx keys in {layer}:", " ".join(sorted(name_keys[layer])))
    for layer, name, ar, z in sorted(arabic, key=lambda a: a[3])[:1]:
        print(f"name:ar: {layer} {name!r} = {ar!r} (from z{z})")

    places = {}
    for layers in decoded.values():
        for feat in layers.get("places", {}).get("features", []):
            props = {k: v for k, v in feat["properties"].items() if not k.startswith("name:")}
            places[props.get("name")] = props
    for props in places.values():
        print("place:", props)
    pois = {(f["properties"].get("name"), f["properties"]["kind"])
            for (z, _, _), layers in decoded.items() if z == 14 for f in layers.get("pois", {}).get("features", [])}
    print(f"pois: {len(pois)} named at z14, kinds {dict(collections.Counter(k for _, k in pois).most_common())}")

    # Central tiles at z14: the tile holding the header's centre, then the rest.
    cz = tile_of(h["center_lon_e7"] / 1e7, h["center_lat_e7"] / 1e7, 14)
    z14 = sorted((k for k in decoded if k[0] == 14), key=lambda k: (k[1:] != cz, k))
    for z, x, y in z14:
        layers = decoded[(z, x, y)]
        print(f"z14 tile {z}/{x}/{y} ({len(tiles[(z, x, y)])} B):")
        for layer in sorted(layers, key=lambda name: WANTED.index(name) if name in WANTED else 99):
            feats = layers[layer]["features"]
            kinds = collections.Counter(f["properties"].get("kind") for f in feats)
            names = [f["properties"]["name"] for f in feats if "name" in f["properties"]][:4]
            print(f"  {layer}: {len(feats)} features; kinds {dict(kinds.most_common(6))}; names {names}")
        if "roads" in layers and "water" in layers:
            print("  (has roads and water)")

    if failures:
        print("FAILED:", "; ".join(sorted(set(failures))), file=sys.stderr)
        sys.exit(1)
    print("verify: all checks passed")


if __name__ == "__main__":
    main(sys.argv[1])
