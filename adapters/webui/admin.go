package webui

func (h *handler) adminRoutes() {}
