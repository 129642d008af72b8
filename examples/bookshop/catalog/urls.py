"""URLconf of the catalog app."""
from django.urls import path

from . import views

app_name = "catalog"

urlpatterns = [
    path("<slug:slug>/", views.book_detail, name="book-detail"),
    path("random/", views.random_book, name="random"),
    path("authors/", views.AuthorListView.as_view(), name="author-list"),
    path("authors/<int:pk>/", views.AuthorDetailView.as_view(), name="author-detail"),
]
