from django.urls import path

from expatcare.pension import views

app_name = "pension"

urlpatterns = [
    path("", views.calculator, name="calculator"),
]
