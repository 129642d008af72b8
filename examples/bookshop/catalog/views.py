"""Views of the catalog app."""
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views import generic

from .models import Author, Book


def home(request):
    return render(request, "catalog/home.html", {"books": Book.objects.all()[:5]})


def book_detail(request, slug):
    book = get_object_or_404(Book, slug=slug)
    return render(request, "catalog/book_detail.html", {"book": book})


def random_book(request):
    book = Book.objects.order_by("?").first()
    if book is None:
        return redirect("home")
    return redirect(reverse("catalog:book-detail", args=[book.slug]))


class AuthorListView(generic.ListView):
    model = Author


class AuthorDetailView(generic.DetailView):
    model = Author
    template_name = "catalog/author.html"
