"""The situation picture (tilannekuva): employment indicators by area and month, imported from CSV or PxWeb."""
