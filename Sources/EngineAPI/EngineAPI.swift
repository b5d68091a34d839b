/// The Engine API's routes, assembled over the engine's services.
public enum EngineRoutes {
    public static func router(_ context: APIContext) -> Router {
        var router = Router()
        router.addSystemRoutes(context)
        router.addImageRoutes(context)
        router.addDistributionRoutes(context)
        router.addContainerRoutes(context)
        router.addContainerStreamRoutes(context)
        router.addContainerFileRoutes(context)
        router.addExecRoutes(context)
        router.addEventRoutes(context)
        return router
    }
}
