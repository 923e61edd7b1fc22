"""The profile as data: `cv.yaml` read with the line:col of every value (load), the typed, frozen
model (model), names, and the checks of the files a profile names (images, stylecheck)."""
