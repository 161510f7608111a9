"""The build as editors run it: check, build into staging, swap into place."""
