"""URLconf of the orders app: included with an instance namespace that differs from the app namespace."""
from django.urls import path

from . import views

urlpatterns = [
    path("basket/", views.basket, name="basket"),
    path("<int:order_id>/checkout/", views.checkout, name="checkout"),
]
