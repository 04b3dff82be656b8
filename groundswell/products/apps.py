from django.apps import AppConfig


class ProductsConfig(AppConfig):
    name = "groundswell.products"
    label = "products"

    def ready(self) -> None:
        from groundswell.chronicle import verbs

        verbs.register(
            {
                "created_product": "started a product",
                "updated_product": "changed a product's details",
                "moved_product_stage": "moved a product to a new stage",
                "added_version": "added a version of a product",
                "commented_on_version": "commented on a draft",
                "added_author": "credited an author of a product",
                "removed_author": "changed a product's authors",
                "recorded_life_event": "recorded something that happened to a product",
                "reported_use": "reported using a product",
                "verified_life_event": "verified something that happened to a product",
                "removed_life_event": "removed a record from a product's life story",
            }
        )
