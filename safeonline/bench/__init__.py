"""`invoke bench`: build a synthetic corpus cold, warm and after one edit, against plain Pelican.

Not a Pelican plugin: `corpus` writes the content, `child` runs one build in a
fresh process, `runner` runs the scenario, `table` prints it.
"""
