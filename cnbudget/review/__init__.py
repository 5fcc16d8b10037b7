"""What people look at: page images, the HTML report of a package with crops of the cited
cells, the dashboard of a batch, the annotated source PDF and the static site."""
