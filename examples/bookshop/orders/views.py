"""Views of the orders app."""
from django.shortcuts import render


def basket(request):
    return render(request, "orders/basket.html")


def checkout(request, order_id):
    return render(request, "orders/checkout.html", {"order_id": order_id})
