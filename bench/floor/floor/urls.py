from django.urls import path

from floor.views import position_list

urlpatterns = [path("", position_list)]
