"""MBTiles (tilemaker's output) to a PMTiles v3 archive.

    python to_pmtiles.py IN.mbtiles OUT.pmtiles

The header's centre is the middle of the bounds, at the maximum zoom.

Tiles are stored gzip-compressed and in tile-id order; the metadata is the
JSON a Protomaps archive carries: vector_layers, version, attribution.

tilemaker writes the features of a layer in an order that changes from run
to run; so that the same data gives the same file, each layer's features,
keys and values are put in a fixed order (the geometry bytes are kept as
they are) and gzip is given a zero timestamp.
"""

import gzip
import json
import sqlite3
import sys

from mapbox_vector_tile.Mapbox import vector_tile_pb2
from pmtiles.tile import Compression, TileType, zxy_to_tileid
from pmtiles.writer import write


def canonical(data):
    """The same tile with each layer's features, keys and values sorted."""
    tile = vector_tile_pb2.tile()
    tile.ParseFromString(data)
    out = vector_tile_pb2.tile()
    for layer in tile.layers:
        feats = []
        for f in layer.features:
            tags = tuple(sorted((layer.keys[f.tags[i]], layer.values[f.tags[i + 1]].SerializeToString(deterministic=True))
                                for i in range(0, len(f.tags), 2)))
            feats.append((f.type, tags, tuple(f.geometry), f.id if f.HasField("id") else None))
        keys = sorted({k for f in feats for k, _ in f[1]})
        values = sorted({v for f in feats for _, v in f[1]})
        key_index = {k: i for i, k in enumerate(keys)}
        value_index = {v: i for i, v in enumerate(values)}
        new = out.layers.add()
        new.version, new.name, new.extent = layer.version, layer.name, layer.extent
        new.keys.extend(keys)
        for v in values:
            new.values.add().ParseFromString(v)
        for kind, tags, geometry, fid in sorted(feats, key=repr):
            f = new.features.add()
            f.type = kind
            f.geometry.extend(geometry)
            if fid is not None:
                f.id = fid
            for k, v in tags:
                f.tags.extend([key_index[k], value_index[v]])
    return out.SerializeToString(deterministic=True)


def main(src, dst):
    db = sqlite3.connect(src)
    meta = dict(db.execute("SELECT name, value FROM metadata"))
    if meta.get("format") != "pbf":
        sys.exit(f"to_pmtiles: {src} does not hold vector tiles")
    tiles = {}
    for z, x, tms_y, data in db.execute("SELECT zoom_level, tile_column, tile_row, tile_data FROM tiles"):
        y = (1 << z) - 1 - tms_y
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        tiles[zxy_to_tileid(z, x, y)] = gzip.compress(canonical(data), compresslevel=9, mtime=0)
    db.close()

    west, south, east, north = (float(v) for v in meta["bounds"].split(","))
    zooms = sorted({int(meta["minzoom"]), int(meta["maxzoom"])})
    header = {
        "tile_type": TileType.MVT,
        "tile_compression": Compression.GZIP,
        "min_zoom": zooms[0],
        "max_zoom": zooms[-1],
        "min_lon_e7": round(west * 1e7),
        "min_lat_e7": round(south * 1e7),
        "max_lon_e7": round(east * 1e7),
        "max_lat_e7": round(north * 1e7),
        "center_lon_e7": round((west + east) / 2 * 1e7),
        "center_lat_e7": round((south + north) / 2 * 1e7),
        "center_zoom": zooms[-1],
    }
    metadata = {
        "name": meta.get("name", ""),
        "description": meta.get("description", ""),
        "version": meta["version"],
        "attribution": "© OpenStreetMap contributors",
        "type": "baselayer",
        "vector_layers": json.loads(meta["json"])["vector_layers"],
    }
    with write(dst) as writer:
        for tile_id in sorted(tiles):
            writer.write_tile(tile_id, tiles[tile_id])
        writer.finalize(header, metadata)


if __name__ == "__main__":
    main(*sys.argv[1:3])
