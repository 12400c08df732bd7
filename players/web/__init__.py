"""The room: browser seats for the projector, each cell and a controller, beside the console."""
