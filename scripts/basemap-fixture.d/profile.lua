-- tilemaker 2.2 profile: OpenStreetMap to the Protomaps basemap schema v4
-- (layers earth, water, landuse, roads, buildings, places, pois; keys kind,
-- kind_detail, min_zoom, name, name:xx), small enough for a test fixture.
-- Zoom choices follow Protomaps' own where this extract has the feature.
-- Railways go in `roads` with kind=rail, as in v4. Run by scripts/basemap-fixture.

-- Every name:xx key that occurs in the input, one a line (made by prepare.py):
-- tilemaker 2.2 cannot list an object's keys, so we ask for each one.
local NAME_KEYS = {}
local name_keys_file = os.getenv("BASEMAP_FIXTURE_NAME_KEYS")
if name_keys_file then
	for line in io.lines(name_keys_file) do
		if line ~= "" then NAME_KEYS[#NAME_KEYS + 1] = line end
	end
end

local function Set(list)
	local set = {}
	for _, v in ipairs(list) do set[v] = true end
	return set
end

local function names(obj)
	local name = obj:Find("name")
	if name ~= "" then obj:Attribute("name", name) end
	for _, key in ipairs(NAME_KEYS) do
		local v = obj:Find(key)
		if v ~= "" then obj:Attribute(key, v) end
	end
end

-- layer, kind, kind_detail, min_zoom: the feature is written from min_zoom on
local function emit(obj, layer, area, kind, detail, min_zoom)
	obj:Layer(layer, area)
	obj:Attribute("kind", kind)
	if detail and detail ~= "" then obj:Attribute("kind_detail", detail) end
	obj:AttributeNumeric("min_zoom", min_zoom)
	obj:MinZoom(min_zoom)
end

local function emit_centroid(obj, layer, kind, detail, min_zoom)
	obj:LayerAsCentroid(layer)
	obj:Attribute("kind", kind)
	if detail and detail ~= "" then obj:Attribute("kind_detail", detail) end
	obj:AttributeNumeric("min_zoom", min_zoom)
	obj:MinZoom(min_zoom)
end

-- Tilezen's population_rank.
local function population_rank(pop)
	local steps = { 1000000000, 100000000, 50000000, 20000000, 10000000, 5000000, 1000000, 500000,
		200000, 100000, 50000, 20000, 10000, 5000, 2000, 1000, 200, 0 }
	for i, step in ipairs(steps) do
		if pop >= step then return #steps - i + 1 end
	end
	return 0
end

-- Points of interest: named ones of a few kinds, at z14 only; enough for a
-- test that a slimmed copy has none. Keys in order of precedence.
local POI = {
	{ "amenity", Set { "library", "theatre", "cinema", "townhall", "place_of_worship", "university",
		"arts_centre", "courthouse", "hospital", "post_office", "marketplace" } },
	{ "tourism", Set { "museum", "gallery", "attraction" } },
	{ "railway", Set { "station" } },
}
local function poi_kind(obj)
	for _, entry in ipairs(POI) do
		local v = obj:Find(entry[1])
		if entry[2][v] then return v end
	end
	return nil
end

node_keys = { "place", "amenity", "tourism", "railway" }

function node_function(node)
	local place = node:Find("place")
	if place == "city" or place == "town" or place == "village" or place == "hamlet" then
		local pop = tonumber(node:Find("population")) or 0
		local mz = ({ city = 4, town = 8, village = 10, hamlet = 12 })[place]
		if node:Find("capital") == "yes" or node:Find("capital") == "2" then mz = 2 end
		emit(node, "places", false, "locality", place, mz)
		node:AttributeNumeric("population", pop)
		node:AttributeNumeric("population_rank", population_rank(pop))
		names(node)
		return
	end
	if place == "suburb" or place == "quarter" or place == "neighbourhood" then
		local mz = ({ suburb = 11, quarter = 12, neighbourhood = 13 })[place]
		emit(node, "places", false, "neighbourhood", place, mz)
		names(node)
		return
	end
	local kind = poi_kind(node)
	if kind and node:Find("name") ~= "" then
		emit(node, "pois", false, kind, "", 14)
		names(node)
	end
end

local ROAD = {
	motorway = { "highway", 3 }, motorway_link = { "highway", 3 },
	trunk = { "major_road", 6 }, trunk_link = { "major_road", 6 },
	primary = { "major_road", 7 }, primary_link = { "major_road", 7 },
	secondary = { "major_road", 9 }, secondary_link = { "major_road", 9 },
	tertiary = { "major_road", 9 }, tertiary_link = { "major_road", 9 },
	residential = { "minor_road", 12 }, unclassified = { "minor_road", 12 }, road = { "minor_road", 12 },
	living_street = { "minor_road", 12 }, service = { "minor_road", 13 },
	pedestrian = { "path", 12 }, track = { "path", 12 }, corridor = { "path", 14 },
	path = { "path", 13 }, cycleway = { "path", 13 }, bridleway = { "path", 13 }, footway = { "path", 13 },
	steps = { "path", 13 },
}
local RAIL = { rail = 11, subway = 14, tram = 14, light_rail = 14, narrow_gauge = 14, funicular = 14, monorail = 14 }
local WATERWAY = { river = 9, canal = 10, stream = 13, drain = 14, ditch = 14 }

-- landuse kinds (v4 names) by the tag they come from; keys in order of precedence
local LANDUSE = {
	{ "leisure", { park = "park", garden = "garden", playground = "playground", pitch = "pitch",
		nature_reserve = "nature_reserve", golf_course = "golf_course", dog_park = "dog_park" } },
	{ "amenity", { university = "university", college = "college", school = "school", hospital = "hospital" } },
	{ "landuse", { grass = "grass", forest = "forest", cemetery = "cemetery", military = "military",
		industrial = "industrial", railway = "railway", village_green = "village_green",
		allotments = "allotments", recreation_ground = "recreation_ground" } },
	{ "natural", { wood = "wood", scrub = "scrub", heath = "scrub", grassland = "grassland", beach = "beach",
		sand = "sand", bare_rock = "bare_rock" } },
}

-- The zoom from which an area of this many square metres is drawn.
local function area_min_zoom(area)
	if area > 250000 then return 10 end
	if area > 40000 then return 11 end
	if area > 10000 then return 12 end
	if area > 2500 then return 13 end
	return 14
end

function way_function(way)
	local fixture = way:Find("fixture")
	if fixture == "earth" then
		emit(way, "earth", true, "earth", "", 0)
		return
	end
	if fixture == "ocean" then
		emit(way, "water", true, "ocean", "", 0)
		return
	end

	local closed = way:IsClosed()
	local highway = way:Find("highway")
	local railway = way:Find("railway")
	local waterway = way:Find("waterway")
	local building = way:Find("building")
	local natural = way:Find("natural")
	local water = way:Find("water")
	local landuse = way:Find("landuse")
	local man_made = way:Find("man_made")
	local area_tag = way:Find("area")

	-- roads (lines), and pedestrian areas as landuse
	if ROAD[highway] then
		if closed and (area_tag == "yes" or way:Find("type") == "multipolygon") then
			if highway == "pedestrian" or highway == "footway" then
				emit(way, "landuse", true, "pedestrian", highway, area_min_zoom(way:Area()))
			end
		else
			local r = ROAD[highway]
			emit(way, "roads", false, r[1], highway, r[2])
			if highway:find("_link$") then way:AttributeBoolean("is_link", true) end
			local bridge, tunnel = way:Find("bridge"), way:Find("tunnel")
			if bridge ~= "" and bridge ~= "no" then way:AttributeBoolean("is_bridge", true)
			elseif tunnel ~= "" and tunnel ~= "no" then way:AttributeBoolean("is_tunnel", true) end
			local ref = way:Find("ref")
			if ref ~= "" then way:Attribute("ref", ref) end
			names(way)
		end
	end

	if RAIL[railway] and not closed then
		emit(way, "roads", false, "rail", railway, RAIL[railway])
		local tunnel = way:Find("tunnel")
		if tunnel ~= "" and tunnel ~= "no" then way:AttributeBoolean("is_tunnel", true) end
		names(way)
	end

	if man_made == "pier" then
		if closed then
			emit(way, "landuse", true, "pier", "", 13)
		else
			emit(way, "roads", false, "path", "pier", 13)
		end
	end

	if WATERWAY[waterway] and not closed then
		emit(way, "water", false, waterway, "", WATERWAY[waterway])
		names(way)
	end

	-- water areas
	local wkind = nil
	if natural == "water" then wkind = "water"
	elseif landuse == "basin" then wkind = "basin"
	elseif landuse == "reservoir" then wkind = "lake" end
	if wkind and closed and way:Find("covered") ~= "yes" then
		local detail = ""
		if water == "pond" or water == "lake" or water == "lagoon" or water == "reservoir" then detail = "lake"
		elseif water ~= "" then detail = water end
		local mz = math.max(area_min_zoom(way:Area()) - 2, 6)
		emit(way, "water", true, wkind, detail, mz)
		if way:Find("name") ~= "" then
			emit_centroid(way, "water", wkind, detail, mz)
			names(way)
		end
	end

	-- landuse
	if closed then
		for _, entry in ipairs(LANDUSE) do
			local kind = entry[2][way:Find(entry[1])]
			if kind then
				emit(way, "landuse", true, kind, "", area_min_zoom(way:Area()))
				break
			end
		end
	end

	if building ~= "" and building ~= "no" and closed then
		emit(way, "buildings", true, "building", "", 14)
	end

	-- a point of interest drawn as an area: its label point
	local kind = poi_kind(way)
	if kind and closed and way:Find("name") ~= "" then
		emit_centroid(way, "pois", kind, "", 14)
		names(way)
	end
end
