"""Make an OSM extract that tilemaker 2.2 can read, and add earth and sea.

    python prepare.py IN.osm.pbf OUT.osm.pbf NAME_KEYS.txt

The input is a bounding-box cut of OpenStreetMap: ways and relations that
leave the box still list the nodes and members outside it, which the file
does not hold, and tilemaker aborts on them. This step

- keeps every complete way and relation as it is;
- drops incomplete relations (and those that would become incomplete);
- cuts an incomplete *line* (road, railway, waterway, pier...) into the runs
  of nodes the file does hold, so streets reach the edge of the box instead
  of vanishing because one end lies outside it;
- closes an incomplete *area* (lake, park, building...) along the edge of
  the box, on the smaller side of what is left of its outline;
- builds the sea (tag fixture=ocean) and the land (fixture=earth) from the
  coastline: OSM draws land on the left of a coastline way.

Geometry is plain lon/lat (the box is 1 by 2 km: no projection needed).
It prints the box (W,S,E,N) on stdout for tilemaker's --bbox and writes
every name:xx key that occurs in the file, one a line, to NAME_KEYS.txt.
"""

import sys

import osmium
from shapely.geometry import LineString, Point, box
from shapely.ops import polygonize, unary_union

LINE_KEYS = ("highway", "railway", "waterway", "natural", "man_made", "barrier", "aerialway", "route")
# Only these may become areas when an incomplete closed way is closed along the box.
AREA_KEYS = ("building", "landuse", "leisure", "natural", "water", "amenity", "place", "man_made", "highway")
LINEAR_NATURAL = {"coastline", "tree_row", "cliff", "ridge", "arete"}


def main(src, dst, name_keys_path):
    reader = osmium.io.Reader(src, osmium.osm.osm_entity_bits.NOTHING)
    b = reader.header().box()
    reader.close()
    if not b.valid():
        sys.exit("prepare: the input has no bounding box in its header")
    west, south = b.bottom_left.lon, b.bottom_left.lat
    east, north = b.top_right.lon, b.top_right.lat
    bbox = box(west, south, east, north)

    nodes, ways, rels = {}, {}, {}
    for o in osmium.FileProcessor(src):
        tags = dict(o.tags)
        if o.is_node():
            nodes[o.id] = ((o.location.lon, o.location.lat), tags)
        elif o.is_way():
            ways[o.id] = ([n.ref for n in o.nodes], tags)
        elif o.is_relation():
            rels[o.id] = ([(m.type, m.ref, m.role) for m in o.members], tags)

    # New ids above every id the file holds or refers to (a relation may
    # name a way that the cut left out: a new way must not take its id).
    next_node = max([*nodes, *(r for refs, _ in ways.values() for r in refs),
                     *(ref for ms, _ in rels.values() for t, ref, _ in ms if t == "n")]) + 1
    next_way = max([*ways, *(ref for ms, _ in rels.values() for t, ref, _ in ms if t == "w")]) + 1
    next_rel = max([*rels, *(ref for ms, _ in rels.values() for t, ref, _ in ms if t == "r")]) + 1

    def new_node(lonlat):
        nonlocal next_node
        nodes[next_node] = ((lonlat[0], lonlat[1]), {})
        next_node += 1
        return next_node - 1

    def new_way(refs, tags):
        nonlocal next_way
        out_ways[next_way] = (refs, tags)
        next_way += 1
        return next_way - 1

    def snap(lonlat):
        """The nearest point on the edge of the box."""
        x, y = lonlat
        d = {abs(x - west): (west, y), abs(x - east): (east, y), abs(y - south): (x, south), abs(y - north): (x, north)}
        return d[min(d)]

    def runs(refs):
        """Maximal runs of consecutive node ids the file holds; a closed way's
        run through its closing node is joined into one."""
        out, cur = [], []
        for r in refs:
            if r in nodes:
                cur.append(r)
            elif cur:
                out.append(cur)
                cur = []
        if cur:
            out.append(cur)
        if len(out) > 1 and refs[0] == refs[-1] and refs[0] in nodes:
            last = out.pop()
            out[0] = last + out[0][1:]
        return out

    def faces(run_list):
        """Cut the box along lines that cross it: each piece, with how many
        points just left and just right of the lines fall in it."""
        lines, left, right = [bbox.exterior], [], []
        for run in run_list:
            pts = [nodes[r][0] for r in run]
            pts = [snap(pts[0])] + pts + [snap(pts[-1])]
            lines.append(LineString(pts))
            for (x1, y1), (x2, y2) in zip(pts, pts[1:]):
                dx, dy = x2 - x1, y2 - y1
                n = (dx * dx + dy * dy) ** 0.5
                if n < 1e-9:
                    continue
                s = 1e-6 / n  # 1e-6 degree (~0.1 m) beside the middle
                mx, my = (x1 + x2) / 2, (y1 + y2) / 2
                left.append(Point(mx - dy * s, my + dx * s))
                right.append(Point(mx + dy * s, my - dx * s))
        out = []
        for f in polygonize(unary_union(lines)):
            out.append((f, sum(1 for p in left if f.contains(p)), sum(1 for p in right if f.contains(p))))
        return out

    def polygons(geom):
        if geom is None or geom.is_empty:
            return []
        return [g for g in getattr(geom, "geoms", [geom]) if g.geom_type == "Polygon" and g.area > 0]

    def write_polygon(poly, tags, keep_id=None):
        """A closed way, or a multipolygon relation when it has holes."""
        nonlocal next_rel

        def ring(coords):
            coords = list(coords)[:-1]
            refs = [new_node(c) for c in coords]
            return refs + refs[:1]

        if not poly.interiors:
            refs = ring(poly.exterior.coords)
            if keep_id is not None:
                out_ways[keep_id] = (refs, tags)
            else:
                new_way(refs, tags)
            return
        members = [("w", new_way(ring(poly.exterior.coords), {}), "outer")]
        members += [("w", new_way(ring(i.coords), {}), "inner") for i in poly.interiors]
        out_rels[next_rel] = (members, dict(tags, type="multipolygon"))
        next_rel += 1

    out_ways, out_rels = {}, {}
    changed = set()  # ways whose geometry differs from OSM's: relations on them go
    coast_runs = []
    stats = {"lines cut": 0, "areas closed": 0, "ways dropped": 0, "relations dropped": 0}
    for wid, (refs, tags) in ways.items():
        if all(r in nodes for r in refs):
            out_ways[wid] = (refs, tags)
            if tags.get("natural") == "coastline":
                coast_runs.append(refs)
            continue
        changed.add(wid)
        rs = [r for r in runs(refs) if len(r) >= 2]
        if tags.get("natural") == "coastline":
            coast_runs.extend(rs)
            continue
        closed = refs[0] == refs[-1]
        is_area = closed and tags.get("area") != "no" and any(k in tags for k in AREA_KEYS) and not (
            tags.get("natural") in LINEAR_NATURAL or tags.get("barrier") or
            (tags.get("highway") and tags.get("area") != "yes" and tags.get("highway") != "pedestrian"))
        if is_area and rs:
            # Which side of its runs the area lies on is not known without
            # the missing nodes: take the smaller side. An OSM area that the
            # edge of this 1 by 2 km box cuts is a building, a park, or a lake
            # that is mostly outside. Give up when the runs cross each other
            # so that a piece lies on both sides of them.
            fs = faces(rs)
            sides = [unary_union([f for f, l, r in fs if l]), unary_union([f for f, l, r in fs if r])]
            polys = min((polygons(g) for g in sides), key=lambda ps: sum(p.area for p in ps))
            if polys and not any(l and r for _, l, r in fs) and sum(p.area for p in polys) < bbox.area / 2:
                for i, p in enumerate(polys):
                    write_polygon(p, tags, keep_id=wid if i == 0 else None)
                stats["areas closed"] += 1
            else:
                stats["ways dropped"] += 1
            continue
        if any(k in tags for k in LINE_KEYS) and rs:
            out_ways[wid] = (rs[0], tags)
            for run in rs[1:]:
                new_way(run, tags)
            stats["lines cut"] += 1
            continue
        stats["ways dropped"] += 1

    # Relations: only those whose every member is there, unchanged.
    keep = set(rels)
    while True:
        drop = set()
        for rid in keep:
            for t, ref, _ in rels[rid][0]:
                if (t == "n" and ref not in nodes) or (t == "w" and (ref not in out_ways or ref in changed)) or (
                    t == "r" and ref not in keep):
                    drop.add(rid)
                    break
        if not drop:
            break
        keep -= drop
    stats["relations dropped"] = len(rels) - len(keep)
    for rid in keep:
        out_rels[rid] = rels[rid]

    # Land and sea from the coastline (land on its left).
    if coast_runs:
        fs = faces(coast_runs)
        land = unary_union([f for f, l, r in fs if l > r])
        sea = unary_union([f for f, l, r in fs if l <= r])
    else:
        land, sea = bbox, None
    for p in polygons(land):
        write_polygon(p, {"fixture": "earth"})
    for p in polygons(sea):
        write_polygon(p, {"fixture": "ocean"})

    writer = osmium.SimpleWriter(dst, overwrite=True)
    for nid in sorted(nodes):
        (lon, lat), tags = nodes[nid]
        writer.add_node(osmium.osm.mutable.Node(id=nid, location=(lon, lat), tags=tags, version=1))
    for wid in sorted(out_ways):
        refs, tags = out_ways[wid]
        writer.add_way(osmium.osm.mutable.Way(id=wid, nodes=refs, tags=tags, version=1))
    for rid in sorted(out_rels):
        members, tags = out_rels[rid]
        writer.add_relation(osmium.osm.mutable.Relation(id=rid, members=members, tags=tags, version=1))
    writer.close()

    keys = set()
    for table in (nodes, out_ways, out_rels):
        for _, tags in table.values():
            keys.update(k for k in tags if k.startswith("name:"))
    with open(name_keys_path, "w") as f:
        f.write("".join(k + "\n" for k in sorted(keys)))

    print(", ".join(f"{k} {v}" for k, v in stats.items()), file=sys.stderr)
    print(f"{west},{south},{east},{north}")


if __name__ == "__main__":
    main(*sys.argv[1:4])
