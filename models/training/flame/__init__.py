"""The FLAME head as the recipe sees it: the PLY reader, the mesh graph, named vertex regions and distances
on the face (lip aperture, mouth width, lid gap)."""
