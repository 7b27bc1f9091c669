from django.apps import AppConfig


class SeedConfig(AppConfig):
    """The loaders of Hanoi's data and the demo: listed last, since they write into every app and none uses them.

    ``load_reference_data`` loads Plan 305/KH-UBND (``reference_data``), its agencies and the sourced cluster
    register (``data/``), and calls the loaders of the data an app needs whatever the province (the Circular 14
    forms: ``reporting.reference.load``); ``load_demo_data`` plays the demo's story (``demo_*``);
    ``generate_scale_data`` writes a national-scale data set for the benchmark.
    """

    name = "seed"
    verbose_name = "Seed"  # no models: the admin never shows it
