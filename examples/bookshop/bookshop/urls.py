"""Root URLconf of the bookshop example."""
from django.urls import include, path

from catalog import views as catalog_views

urlpatterns = [
    path("", catalog_views.home, name="home"),
    path("books/", include("catalog.urls")),
    path("orders/", include(("orders.urls", "orders"), namespace="shop-orders")),
    path("accounts/", include("django.contrib.auth.urls")),
]
